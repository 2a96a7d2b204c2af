//! The aws CLI's parameters for the sixteen operations: which flag fills
//! which request member, with what type, and how the CLI reads a value
//! (JSON, shorthand `Key=a,Value=b`, `file://`, `fileb://`).

use std::path::Path;

use base64::{engine::general_purpose::STANDARD, Engine};
use serde_json::{json, Map, Value as Json};

/// A member's type in AWS's model, as far as the CLI's parsing cares.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Str,
    Int,
    Bool,
    /// Bytes: base64 in the request; `fileb://` gives raw bytes.
    Blob,
    /// A list of strings: several words after the flag, or JSON.
    Strings,
    /// A list of structures: one shorthand per word, or JSON.
    Structs(&'static [Field]),
    /// One structure: shorthand or JSON.
    Struct(&'static [Field]),
}

pub type Field = (&'static str, Kind);

pub struct Param {
    pub member: &'static str,
    pub kind: Kind,
    pub required: bool,
}

pub struct Operation {
    /// The command: `get-secret-value`.
    pub command: &'static str,
    /// AWS's name: `GetSecretValue`.
    pub name: &'static str,
    pub params: &'static [Param],
    /// Whether the aws CLI pages through it by itself (its paginators).
    pub paginated: bool,
}

const TAG: &[Field] = &[("Key", Kind::Str), ("Value", Kind::Str)];
const FILTER: &[Field] = &[("Key", Kind::Str), ("Values", Kind::Strings)];
const REPLICA: &[Field] = &[("Region", Kind::Str), ("KmsKeyId", Kind::Str)];
const RULES: &[Field] = &[
    ("AutomaticallyAfterDays", Kind::Int),
    ("Duration", Kind::Str),
    ("ScheduleExpression", Kind::Str),
];

const fn p(member: &'static str, kind: Kind) -> Param {
    Param {
        member,
        kind,
        required: false,
    }
}

const fn req(member: &'static str, kind: Kind) -> Param {
    Param {
        member,
        kind,
        required: true,
    }
}

const SECRET_ID: Param = req("SecretId", Kind::Str);

pub const OPERATIONS: &[Operation] = &[
    Operation {
        command: "create-secret",
        name: "CreateSecret",
        paginated: false,
        params: &[
            req("Name", Kind::Str),
            p("ClientRequestToken", Kind::Str),
            p("Description", Kind::Str),
            p("KmsKeyId", Kind::Str),
            p("SecretBinary", Kind::Blob),
            p("SecretString", Kind::Str),
            p("Tags", Kind::Structs(TAG)),
            p("AddReplicaRegions", Kind::Structs(REPLICA)),
            p("ForceOverwriteReplicaSecret", Kind::Bool),
            p("Type", Kind::Str),
            p("CrossAccountPrimaryARN", Kind::Str),
        ],
    },
    Operation {
        command: "get-secret-value",
        name: "GetSecretValue",
        paginated: false,
        params: &[
            SECRET_ID,
            p("VersionId", Kind::Str),
            p("VersionStage", Kind::Str),
        ],
    },
    Operation {
        command: "batch-get-secret-value",
        name: "BatchGetSecretValue",
        paginated: false,
        params: &[
            p("SecretIdList", Kind::Strings),
            p("Filters", Kind::Structs(FILTER)),
            p("MaxResults", Kind::Int),
            p("NextToken", Kind::Str),
        ],
    },
    Operation {
        command: "put-secret-value",
        name: "PutSecretValue",
        paginated: false,
        params: &[
            SECRET_ID,
            p("ClientRequestToken", Kind::Str),
            p("SecretBinary", Kind::Blob),
            p("SecretString", Kind::Str),
            p("VersionStages", Kind::Strings),
            p("RotationToken", Kind::Str),
        ],
    },
    Operation {
        command: "update-secret",
        name: "UpdateSecret",
        paginated: false,
        params: &[
            SECRET_ID,
            p("ClientRequestToken", Kind::Str),
            p("Description", Kind::Str),
            p("KmsKeyId", Kind::Str),
            p("SecretBinary", Kind::Blob),
            p("SecretString", Kind::Str),
            p("Type", Kind::Str),
        ],
    },
    Operation {
        command: "describe-secret",
        name: "DescribeSecret",
        paginated: false,
        params: &[SECRET_ID],
    },
    Operation {
        command: "list-secrets",
        name: "ListSecrets",
        paginated: true,
        params: &[
            p("IncludePlannedDeletion", Kind::Bool),
            p("MaxResults", Kind::Int),
            p("NextToken", Kind::Str),
            p("Filters", Kind::Structs(FILTER)),
            p("SortOrder", Kind::Str),
            p("SortBy", Kind::Str),
        ],
    },
    Operation {
        command: "list-secret-version-ids",
        name: "ListSecretVersionIds",
        paginated: false,
        params: &[
            SECRET_ID,
            p("MaxResults", Kind::Int),
            p("NextToken", Kind::Str),
            p("IncludeDeprecated", Kind::Bool),
        ],
    },
    Operation {
        command: "update-secret-version-stage",
        name: "UpdateSecretVersionStage",
        paginated: false,
        params: &[
            SECRET_ID,
            req("VersionStage", Kind::Str),
            p("RemoveFromVersionId", Kind::Str),
            p("MoveToVersionId", Kind::Str),
        ],
    },
    Operation {
        command: "tag-resource",
        name: "TagResource",
        paginated: false,
        params: &[SECRET_ID, req("Tags", Kind::Structs(TAG))],
    },
    Operation {
        command: "untag-resource",
        name: "UntagResource",
        paginated: false,
        params: &[SECRET_ID, req("TagKeys", Kind::Strings)],
    },
    Operation {
        command: "delete-secret",
        name: "DeleteSecret",
        paginated: false,
        params: &[
            SECRET_ID,
            p("RecoveryWindowInDays", Kind::Int),
            p("ForceDeleteWithoutRecovery", Kind::Bool),
        ],
    },
    Operation {
        command: "restore-secret",
        name: "RestoreSecret",
        paginated: false,
        params: &[SECRET_ID],
    },
    Operation {
        command: "rotate-secret",
        name: "RotateSecret",
        paginated: false,
        params: &[
            SECRET_ID,
            p("ClientRequestToken", Kind::Str),
            p("RotationLambdaARN", Kind::Str),
            p("RotationRules", Kind::Struct(RULES)),
            p("ExternalSecretRotationMetadata", Kind::Structs(TAG)),
            p("ExternalSecretRotationRoleArn", Kind::Str),
            p("RotateImmediately", Kind::Bool),
            // arca's own: the config hook that carries out the steps.
            p("Hook", Kind::Str),
        ],
    },
    Operation {
        command: "cancel-rotate-secret",
        name: "CancelRotateSecret",
        paginated: false,
        params: &[SECRET_ID],
    },
    Operation {
        command: "get-random-password",
        name: "GetRandomPassword",
        paginated: false,
        params: &[
            p("PasswordLength", Kind::Int),
            p("ExcludeCharacters", Kind::Str),
            p("ExcludeNumbers", Kind::Bool),
            p("ExcludePunctuation", Kind::Bool),
            p("ExcludeUppercase", Kind::Bool),
            p("ExcludeLowercase", Kind::Bool),
            p("IncludeSpace", Kind::Bool),
            p("RequireEachIncludedType", Kind::Bool),
        ],
    },
];

pub fn operation(command: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|op| op.command == command)
}

/// The CLI's flag for a member, as botocore's xform_name spells it:
/// `SecretId` → `--secret-id`, `RotationLambdaARN` → `--rotation-lambda-arn`.
pub fn flag(member: &str) -> String {
    let chars: Vec<char> = member.chars().collect();
    let mut out = String::from("--");
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let prev_lower = chars[i - 1].is_ascii_lowercase() || chars[i - 1].is_ascii_digit();
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev_lower || (chars[i - 1].is_ascii_uppercase() && next_lower) {
                out.push('-');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// A value given on the command line, turned into the member's JSON.
/// Errors are the CLI's parameter errors (exit 252).
pub fn value(kind: Kind, flag: &str, words: &[String]) -> Result<Json, String> {
    match kind {
        Kind::Strings => {
            if let [one] = words {
                let text = load(one, flag)?;
                if text.trim_start().starts_with('[') {
                    return serde_json::from_str::<Vec<String>>(&text)
                        .map(|v| json!(v))
                        .map_err(|e| {
                            format!("Error parsing parameter '{flag}': Invalid JSON: {e}")
                        });
                }
                return Ok(json!(split_list(&text)));
            }
            Ok(json!(words))
        }
        Kind::Structs(fields) => {
            if let [one] = words {
                let text = load(one, flag)?;
                let t = text.trim_start();
                if t.starts_with('[') || t.starts_with('{') {
                    let doc: Json = serde_json::from_str(&text)
                        .map_err(|e| format!("Error parsing parameter '{flag}': Invalid JSON: {e}\nJSON received: {text}"))?;
                    return Ok(if doc.is_object() { json!([doc]) } else { doc });
                }
            }
            words
                .iter()
                .map(|w| shorthand(&load(w, flag)?, fields, flag))
                .collect::<Result<Vec<_>, _>>()
                .map(Json::Array)
        }
        _ => {
            let [word] = words else {
                return Err(format!("Unknown options: {}", words[1..].join(", ")));
            };
            scalar(kind, flag, word)
        }
    }
}

fn scalar(kind: Kind, flag: &str, word: &str) -> Result<Json, String> {
    match kind {
        Kind::Blob => {
            if let Some(path) = word.strip_prefix("fileb://") {
                let bytes = std::fs::read(path).map_err(|e| {
                    format!(
                        "Error parsing parameter '{flag}': Unable to load paramfile {word}: {e}"
                    )
                })?;
                return Ok(json!(STANDARD.encode(bytes)));
            }
            // As the aws CLI v2 (cli_binary_format = base64): the text is base64.
            let text = load(word, flag)?;
            STANDARD
                .decode(text.trim())
                .map_err(|_| format!("Invalid base64: \"{text}\""))?;
            Ok(json!(text.trim()))
        }
        Kind::Str => Ok(json!(load(word, flag)?)),
        Kind::Int => {
            let text = load(word, flag)?;
            text.trim()
                .parse::<i64>()
                .map(|n| json!(n))
                .map_err(|_| format!("argument {flag}: invalid int value: '{text}'"))
        }
        Kind::Struct(fields) => {
            let text = load(word, flag)?;
            if text.trim_start().starts_with('{') {
                serde_json::from_str(&text)
                    .map_err(|e| format!("Error parsing parameter '{flag}': Invalid JSON: {e}\nJSON received: {text}"))
            } else {
                shorthand(&text, fields, flag)
            }
        }
        Kind::Bool | Kind::Strings | Kind::Structs(_) => unreachable!("handled by value()"),
    }
}

/// `file://PATH` is the file's text, `fileb://PATH` its bytes as text;
/// anything else is itself.
fn load(word: &str, flag: &str) -> Result<String, String> {
    let path = match word
        .strip_prefix("file://")
        .or_else(|| word.strip_prefix("fileb://"))
    {
        Some(path) => path,
        None => return Ok(word.to_owned()),
    };
    let path = Path::new(path);
    std::fs::read(path)
        .map_err(|e| format!("Error parsing parameter '{flag}': Unable to load paramfile {word}: {e}"))
        .and_then(|bytes| {
            String::from_utf8(bytes).map_err(|_| {
                format!("Error parsing parameter '{flag}': Unable to load paramfile {word}: not UTF-8 text")
            })
        })
}

fn split_list(text: &str) -> Vec<String> {
    text.split(',').map(|s| s.trim().to_owned()).collect()
}

/// The CLI's shorthand for one structure: `Key=a,Values=b,c` or
/// `Key=a,Values=[b,c]`; a value may be quoted ('…' or "…"); a comma
/// that is not followed by `Name=` continues a list.
pub fn shorthand(text: &str, fields: &[Field], flag: &str) -> Result<Json, String> {
    let error = |why: &str| format!("Error parsing parameter '{flag}': {why}: {text}");
    let mut doc = Map::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let key_start = i;
        while i < chars.len() && chars[i] != '=' {
            i += 1;
        }
        if i == chars.len() {
            return Err(error("Expected: '=', received: end of input"));
        }
        let key: String = chars[key_start..i]
            .iter()
            .collect::<String>()
            .trim()
            .to_owned();
        i += 1;
        let (_, kind) = fields
            .iter()
            .find(|(name, _)| *name == key)
            .ok_or_else(|| {
                let names: Vec<&str> = fields.iter().map(|(n, _)| *n).collect();
                error(&format!(
                    "Unknown key '{key}', valid choices are: {}",
                    names.join(", ")
                ))
            })?;
        let mut items = Vec::new();
        if chars.get(i) == Some(&'[') {
            let end = chars[i..]
                .iter()
                .position(|&c| c == ']')
                .ok_or_else(|| error("Expected: ']', received: end of input"))?;
            let inner: String = chars[i + 1..i + end].iter().collect();
            items = if inner.is_empty() {
                Vec::new()
            } else {
                split_list(&inner)
            };
            i += end + 1;
            if chars.get(i) == Some(&',') {
                i += 1;
            }
        } else {
            loop {
                let (item, next) = shorthand_item(&chars, i);
                items.push(item);
                i = next;
                if i >= chars.len() {
                    break;
                }
                // At a comma: a following `Name=` starts the next member.
                i += 1;
                if starts_member(&chars[i..]) {
                    break;
                }
            }
        }
        let value = match kind {
            Kind::Strings => json!(items),
            Kind::Int => {
                let [item] = items.as_slice() else {
                    return Err(error(&format!("{key} takes one value")));
                };
                json!(item
                    .parse::<i64>()
                    .map_err(|_| error(&format!("invalid int value for {key}")))?)
            }
            Kind::Bool => json!(items
                .first()
                .is_some_and(|v| v.eq_ignore_ascii_case("true"))),
            _ => json!(items.join(",")),
        };
        doc.insert(key, value);
    }
    Ok(Json::Object(doc))
}

/// One value from `at`: quoted, or up to the next comma; returns it and
/// where it ended (at the comma or the end).
fn shorthand_item(chars: &[char], at: usize) -> (String, usize) {
    let mut i = at;
    if let Some(&quote) = chars.get(i).filter(|c| **c == '\'' || **c == '"') {
        let end = chars[i + 1..]
            .iter()
            .position(|&c| c == quote)
            .map_or(chars.len(), |p| i + 1 + p);
        let item: String = chars[i + 1..end].iter().collect();
        i = (end + 1).min(chars.len());
        while i < chars.len() && chars[i] != ',' {
            i += 1;
        }
        return (item, i);
    }
    while i < chars.len() && chars[i] != ',' {
        i += 1;
    }
    (chars[at..i].iter().collect::<String>().trim().to_owned(), i)
}

fn starts_member(rest: &[char]) -> bool {
    let name_len = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '_' || **c == '-')
        .count();
    name_len > 0 && rest.get(name_len) == Some(&'=')
}

/// A skeleton of the request, as `--generate-cli-skeleton` prints it.
pub fn skeleton(op: &Operation) -> Json {
    fn empty(kind: Kind) -> Json {
        match kind {
            Kind::Str => json!(""),
            // As the aws CLI: a blob has no text form to show.
            Kind::Blob => Json::Null,
            Kind::Int => json!(0),
            Kind::Bool => json!(true),
            Kind::Strings => json!([""]),
            Kind::Structs(fields) => json!([empty(Kind::Struct(fields))]),
            Kind::Struct(fields) => Json::Object(
                fields
                    .iter()
                    .map(|(n, k)| ((*n).to_owned(), empty(*k)))
                    .collect(),
            ),
        }
    }
    Json::Object(
        op.params
            .iter()
            .filter(|p| p.member != "Hook")
            .map(|p| (p.member.to_owned(), empty(p.kind)))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_are_spelled_as_the_aws_cli_spells_them() {
        assert_eq!(flag("SecretId"), "--secret-id");
        assert_eq!(flag("RotationLambdaARN"), "--rotation-lambda-arn");
        assert_eq!(
            flag("CrossAccountPrimaryARN"),
            "--cross-account-primary-arn"
        );
        assert_eq!(flag("SecretIdList"), "--secret-id-list");
        assert_eq!(flag("RecoveryWindowInDays"), "--recovery-window-in-days");
    }

    #[test]
    fn shorthand_reads_lists_quotes_and_numbers() {
        assert_eq!(
            shorthand("Key=name,Values=prod/,dev/", FILTER, "--filters").unwrap(),
            json!({"Key": "name", "Values": ["prod/", "dev/"]})
        );
        assert_eq!(
            shorthand("Key=name,Values=[a,b]", FILTER, "--filters").unwrap(),
            json!({"Key": "name", "Values": ["a", "b"]})
        );
        assert_eq!(
            shorthand("Key=team,Value='a,b'", TAG, "--tags").unwrap(),
            json!({"Key": "team", "Value": "a,b"})
        );
        assert_eq!(
            shorthand(
                "AutomaticallyAfterDays=10,Duration=2h",
                RULES,
                "--rotation-rules"
            )
            .unwrap(),
            json!({"AutomaticallyAfterDays": 10, "Duration": "2h"})
        );
        assert!(shorthand("Nope=1", TAG, "--tags").is_err());
        assert!(shorthand("Key", TAG, "--tags").is_err());
    }
}
