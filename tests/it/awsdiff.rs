//! The AWS grammar against a real implementation of the AWS API: the same
//! scripted command lines run as `aws --endpoint-url … secretsmanager …`
//! against moto_server and as `arca …` against a temp vault, and their
//! stdout (after normalising ARNs, dates and version ids), error codes and
//! exit statuses are compared (SPEC §8).
//!
//! Needs `moto_server` and `aws` on PATH (`.ci/requirements.txt`: moto[server],
//! awscli, boto3 in /opt/arca-venv). Without them the test prints a note and
//! passes, unless `ARCA_REQUIRE_MOTO=1` (CI), when it fails.
//!
//! The aws CLI on PyPI is v1; arca follows v2's documented behaviour, so v1's
//! results are mapped first (see [`v2_class`]):
//! - exit codes: v1 exits 255 for a service error and 255 or 2 for usage
//!   errors; v2 exits 254 and 252. The class of the outcome (ok, an error
//!   code, usage) is compared, and arca's exit code must be v2's for it.
//! - timestamps: v1 prints the wire's epoch numbers unless
//!   `cli_timestamp_format = iso8601` (v2's default), which the config sets.
//! - blob arguments: v1 takes `--secret-binary TEXT` as raw bytes, v2 as
//!   base64; the sequences pass bytes with `fileb://`, the same in both.
//!
//! Where moto differs from AWS's documentation, the sequence is listed as a
//! known deviation with the reason, and arca's output is checked against
//! AWS's documented behaviour instead ([`Seq::deviation`]).
//!
//! Tags: AWS documents no order for a secret's Tags; moto keeps the order
//! given, arca sorts them by key, so the sequences give them in key order.

use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::aws_tools::*;
use crate::util::*;

/// One scripted sequence: shell lines run with `$CLI` set to the aws CLI
/// or to arca, in a fresh directory (files made by a line stay for the next).
struct Seq {
    name: &'static str,
    steps: &'static [&'static str],
    /// Moto differs from AWS's documentation here: why, and a check of
    /// arca's outcomes against the documented behaviour.
    deviation: Option<(&'static str, Check)>,
}

/// Asserts arca's outcomes where moto is not the reference.
type Check = fn(&[Outcome]);

#[derive(Debug, Clone, PartialEq)]
struct Outcome {
    /// Normalised stdout.
    stdout: String,
    /// `ok`, an AWS error code, `usage` or `other`.
    class: String,
    exit: i32,
}

const fn seq(name: &'static str, steps: &'static [&'static str]) -> Seq {
    Seq {
        name,
        steps,
        deviation: None,
    }
}

const fn deviates(
    name: &'static str,
    steps: &'static [&'static str],
    reason: &'static str,
    check: Check,
) -> Seq {
    Seq {
        name,
        steps,
        deviation: Some((reason, check)),
    }
}

const THREE: &str = "$CLI create-secret --name prod/db --secret-string one --description 'Primary database' --tags Key=team,Value=payments >/dev/null && $CLI create-secret --name prod/api --secret-string two --tags Key=env,Value=prod >/dev/null && $CLI create-secret --name dev/db --secret-string three --description 'dev copy' >/dev/null";

const SEQUENCES: &[Seq] = &[
    seq("create then get", &["$CLI create-secret --name s1 --secret-string hello", "$CLI get-secret-value --secret-id s1"]),
    seq("create with description and tags, describe", &[
        "$CLI create-secret --name app/key --secret-string v --description 'The key' --tags Key=env,Value=prod Key=team,Value=pay",
        "$CLI describe-secret --secret-id app/key",
    ]),
    seq("tags as JSON", &[
        r#"$CLI create-secret --name j --secret-string v --tags '[{"Key":"a","Value":"b"},{"Key":"c","Value":"d"}]'"#,
        "$CLI describe-secret --secret-id j --query Tags",
    ]),
    seq("secret string from file://", &[
        "printf 'tok\\n' > token.txt && $CLI create-secret --name f --secret-string file://token.txt",
        "$CLI get-secret-value --secret-id f --query SecretString --output text",
        "$CLI get-secret-value --secret-id f --query SecretString",
    ]),
    seq("secret binary from fileb://", &[
        "printf '\\000\\001\\377bin' > cert.der && $CLI create-secret --name b --secret-binary fileb://cert.der",
        "$CLI get-secret-value --secret-id b",
        "$CLI get-secret-value --secret-id b --output text",
    ]),
    seq("put binary with fileb://", &[
        "$CLI create-secret --name b --secret-string first >/dev/null",
        "printf '\\377\\376' > blob && $CLI put-secret-value --secret-id b --secret-binary fileb://blob",
        "$CLI get-secret-value --secret-id b --query SecretBinary --output text",
    ]),
    seq("--cli-input-json from a file", &[
        r#"printf '{"Name": "req", "SecretString": "s3cr3t", "Description": "from json"}' > req.json && $CLI create-secret --cli-input-json file://req.json"#,
        "$CLI get-secret-value --secret-id req --query '[Name, SecretString]'",
        "$CLI describe-secret --secret-id req --query Description --output text",
    ]),
    seq("--cli-input-json inline, a flag over it", &[
        r#"$CLI create-secret --cli-input-json '{"Name": "inl", "SecretString": "x", "Description": "json"}' --description flag"#,
        "$CLI describe-secret --secret-id inl --query Description --output text",
    ]),
    seq("create twice: ResourceExistsException", &[
        "$CLI create-secret --name dup --secret-string a",
        "$CLI create-secret --name dup --secret-string b",
        "$CLI get-secret-value --secret-id dup --query SecretString --output text",
    ]),
    seq("a secret with no value", &[
        "$CLI create-secret --name empty",
        "$CLI describe-secret --secret-id empty",
        "$CLI get-secret-value --secret-id empty",
        "$CLI put-secret-value --secret-id empty --secret-string first",
        "$CLI get-secret-value --secret-id empty",
    ]),
    seq("a secret with no value is listed and tagged", &[
        "$CLI create-secret --name empty >/dev/null && $CLI tag-resource --secret-id empty --tags Key=k,Value=v",
        "$CLI list-secrets --query 'SecretList[].[Name, Tags]'",
        "$CLI delete-secret --secret-id empty --force-delete-without-recovery --query Name",
    ]),
    seq("put moves AWSCURRENT and AWSPREVIOUS", &[
        "$CLI create-secret --name p --secret-string v1 >/dev/null && $CLI put-secret-value --secret-id p --secret-string v2",
        "$CLI get-secret-value --secret-id p --version-stage AWSPREVIOUS --query SecretString",
        "$CLI get-secret-value --secret-id p --query '[SecretString, VersionStages]'",
    ]),
    seq("get by --version-id", &[
        "V=$($CLI create-secret --name v --secret-string one --query VersionId --output text) && $CLI put-secret-value --secret-id v --secret-string two >/dev/null && $CLI get-secret-value --secret-id v --version-id \"$V\"",
    ]),
    seq("--version-id and --version-stage that agree", &[
        "V=$($CLI create-secret --name v --secret-string one --query VersionId --output text) && $CLI get-secret-value --secret-id v --version-id \"$V\" --version-stage AWSCURRENT --query SecretString",
    ]),
    seq("--version-id and --version-stage that disagree", &[
        "V=$($CLI create-secret --name v --secret-string one --query VersionId --output text) && $CLI get-secret-value --secret-id v --version-id \"$V\" --version-stage AWSPREVIOUS",
    ]),
    seq("an unknown version id", &[
        "$CLI create-secret --name v --secret-string one >/dev/null",
        "$CLI get-secret-value --secret-id v --version-id 00000000-0000-4000-8000-000000000000",
        "$CLI get-secret-value --secret-id v --version-stage NOPE",
    ]),
    seq("a missing secret", &[
        "$CLI get-secret-value --secret-id nope",
        "$CLI describe-secret --secret-id nope",
        "$CLI put-secret-value --secret-id nope --secret-string x",
        "$CLI update-secret --secret-id nope --description d",
    ]),
    seq("put with a custom stage leaves AWSCURRENT", &[
        "$CLI create-secret --name c --secret-string one >/dev/null",
        "$CLI put-secret-value --secret-id c --secret-string two --version-stages MINE",
        "$CLI get-secret-value --secret-id c --query SecretString",
        "$CLI get-secret-value --secret-id c --version-stage MINE --query '[SecretString, VersionStages]'",
    ]),
    seq("put with several stages", &[
        "$CLI create-secret --name c --secret-string one >/dev/null",
        "$CLI put-secret-value --secret-id c --secret-string two --version-stages AWSCURRENT MINE --query VersionStages",
        "$CLI get-secret-value --secret-id c --version-stage AWSPREVIOUS --query SecretString",
    ]),
    seq("put with a client request token, twice", &[
        "$CLI create-secret --name t --secret-string one >/dev/null",
        "$CLI put-secret-value --secret-id t --secret-string two --client-request-token 11111111-2222-4333-8444-555555555555",
        "$CLI put-secret-value --secret-id t --secret-string two --client-request-token 11111111-2222-4333-8444-555555555555",
        "$CLI get-secret-value --secret-id t --version-stage AWSPREVIOUS --query SecretString",
    ]),
    seq("create with a client request token", &[
        "$CLI create-secret --name t --secret-string one --client-request-token 11111111-2222-4333-8444-555555555555",
        "$CLI get-secret-value --secret-id t --query VersionId",
    ]),
    seq("update the description only", &[
        "$CLI create-secret --name u --secret-string one --description old >/dev/null",
        "$CLI update-secret --secret-id u --description new",
        "$CLI describe-secret --secret-id u --query Description",
        "$CLI get-secret-value --secret-id u --query SecretString",
    ]),
    seq("update the value", &[
        "$CLI create-secret --name u --secret-string one >/dev/null",
        "$CLI update-secret --secret-id u --secret-string two",
        "$CLI get-secret-value --secret-id u --query SecretString",
        "$CLI get-secret-value --secret-id u --version-stage AWSPREVIOUS --query SecretString",
    ]),
    seq("describe as text", &[
        "$CLI create-secret --name d --secret-string v --description 'some words' --tags Key=a,Value=b >/dev/null",
        "$CLI describe-secret --secret-id d --output text",
    ]),
    seq("describe as a table", &[
        "$CLI create-secret --name d --secret-string v --description words --tags Key=a,Value=b >/dev/null",
        "$CLI describe-secret --secret-id d --output table --query '{Name: Name, Description: Description, Tags: Tags}'",
    ]),
    seq("get as a table", &[
        "$CLI create-secret --name g --secret-string v >/dev/null",
        "$CLI get-secret-value --secret-id g --output table --query '{N: Name, S: SecretString, Stages: VersionStages}'",
    ]),
    seq("list names", &[THREE, "$CLI list-secrets --query 'SecretList[].Name'"]),
    seq("list entries carry SecretVersionsToStages", &[
        "$CLI create-secret --name l --secret-string v >/dev/null",
        "$CLI list-secrets --query 'SecretList[0].SecretVersionsToStages.* | [0]'",
        "$CLI list-secrets",
    ]),
    seq("list filtered by name prefix", &[THREE, "$CLI list-secrets --filters Key=name,Values=prod/ --query 'SecretList[].Name'"]),
    seq("filter values are OR-ed", &[THREE, "$CLI list-secrets --filters Key=name,Values=prod/a,dev/ --query 'SecretList[].Name'"]),
    seq("filters are AND-ed", &[THREE, "$CLI list-secrets --filters Key=name,Values=prod/ Key=tag-key,Values=team --query 'SecretList[].Name'"]),
    seq("filter by tag key", &[THREE, "$CLI list-secrets --filters Key=tag-key,Values=env --query 'SecretList[].Name'"]),
    seq("filter by tag value", &[THREE, "$CLI list-secrets --filters Key=tag-value,Values=pay --query 'SecretList[].Name'"]),
    seq("filter by a word of the description", &[THREE, "$CLI list-secrets --filters Key=description,Values=database --query 'SecretList[].Name'"]),
    seq("filter on all attributes", &[THREE, "$CLI list-secrets --filters Key=all,Values=payments --query 'SecretList[].Name'"]),
    seq("a negated filter", &[THREE, "$CLI list-secrets --filters Key=name,Values=!prod/ --query 'SecretList[].Name'"]),
    seq("filters as JSON", &[THREE, r#"$CLI list-secrets --filters '[{"Key":"name","Values":["dev/"]}]' --query 'SecretList[].Name'"#]),
    seq("list as text", &[THREE, "$CLI list-secrets --output text --query 'SecretList[].[Name, Description]'"]),
    seq("list as a table", &[THREE, "$CLI list-secrets --output table --query 'SecretList[].{Name: Name, Tags: length(Tags || `[]`)}'"]),
    seq("--max-results gives one page and a token", &[THREE, "$CLI list-secrets --max-results 2 --query '[length(SecretList), NextToken != null]'"]),
    seq("--next-token gives the next page", &[
        THREE,
        "T=$($CLI list-secrets --max-results 2 --query NextToken --output text) && $CLI list-secrets --max-results 2 --next-token \"$T\" --query 'SecretList[].Name'",
    ]),
    seq("the CLI pages by itself", &[THREE, "$CLI list-secrets --page-size 1 --query 'SecretList[].Name'"]),
    seq("--max-items stops early", &[THREE, "$CLI list-secrets --max-items 2 --query '[SecretList[].Name, NextToken != null]'"]),
    seq("deleted secrets are listed only when asked", &[
        THREE,
        "$CLI delete-secret --secret-id prod/api --query Name",
        "$CLI list-secrets --query 'SecretList[].Name'",
        "$CLI list-secrets --include-planned-deletion --query 'SecretList[].[Name, DeletedDate != null]'",
    ]),
    seq("versions of a secret", &[
        "$CLI create-secret --name v --secret-string 1 >/dev/null && $CLI put-secret-value --secret-id v --secret-string 2 >/dev/null",
        "$CLI list-secret-version-ids --secret-id v --query 'Versions[?contains(VersionStages, `AWSCURRENT`)] | length(@)'",
        "$CLI list-secret-version-ids --secret-id v --query '[Name, length(Versions[?VersionStages[0] == `AWSPREVIOUS`])]'",
    ]),
    deviates("move AWSCURRENT back", &[
        "V1=$($CLI create-secret --name m --secret-string one --query VersionId --output text) && V2=$($CLI put-secret-value --secret-id m --secret-string two --query VersionId --output text) && $CLI update-secret-version-stage --secret-id m --version-stage AWSCURRENT --move-to-version-id \"$V1\" --remove-from-version-id \"$V2\"",
        "$CLI get-secret-value --secret-id m --query SecretString",
        "$CLI get-secret-value --secret-id m --version-stage AWSPREVIOUS --query SecretString",
    ],
        "moto's GetSecretValue keeps returning the version it stored last after UpdateSecretVersionStage moved AWSCURRENT away from it",
        |o| {
            assert_eq!(o[0].class, "ok");
            assert_eq!(o[1].stdout, "\"one\"\n");
            assert_eq!(o[2].stdout, "\"two\"\n");
        },
    ),
    seq("add and remove a custom label", &[
        "V1=$($CLI create-secret --name m --secret-string one --query VersionId --output text) && $CLI update-secret-version-stage --secret-id m --version-stage MINE --move-to-version-id \"$V1\" && $CLI get-secret-value --secret-id m --version-stage MINE --query VersionStages && $CLI update-secret-version-stage --secret-id m --version-stage MINE --remove-from-version-id \"$V1\" --query Name",
        "$CLI get-secret-value --secret-id m --version-stage MINE",
    ]),
    seq("tag and untag", &[
        "$CLI create-secret --name t --secret-string v >/dev/null",
        "$CLI tag-resource --secret-id t --tags Key=a,Value=1 Key=b,Value=2",
        "$CLI tag-resource --secret-id t --tags Key=a,Value=3",
        "$CLI describe-secret --secret-id t --query Tags",
        "$CLI untag-resource --secret-id t --tag-keys b absent",
        "$CLI describe-secret --secret-id t --query Tags",
    ]),
    seq("tag a missing secret", &["$CLI tag-resource --secret-id nope --tags Key=a,Value=1", "$CLI untag-resource --secret-id nope --tag-keys a"]),
    seq("delete with a recovery window, then restore", &[
        "$CLI create-secret --name d --secret-string v >/dev/null",
        "$CLI delete-secret --secret-id d --recovery-window-in-days 7",
        "$CLI describe-secret --secret-id d --query '[Name, DeletedDate != null]'",
        "$CLI get-secret-value --secret-id d",
        "$CLI restore-secret --secret-id d",
        "$CLI get-secret-value --secret-id d --query SecretString",
    ]),
    seq("operations on a secret scheduled for deletion", &[
        "$CLI create-secret --name d --secret-string v >/dev/null && $CLI delete-secret --secret-id d >/dev/null",
        "$CLI update-secret --secret-id d --description x",
        "$CLI delete-secret --secret-id d",
        "$CLI get-secret-value --secret-id d",
    ]),
    seq("force delete", &[
        "$CLI create-secret --name d --secret-string v >/dev/null",
        "$CLI delete-secret --secret-id d --force-delete-without-recovery",
        "$CLI get-secret-value --secret-id d",
        "$CLI create-secret --name d --secret-string again --query Name",
    ]),
    seq("force delete of a missing secret succeeds", &["$CLI delete-secret --secret-id never --force-delete-without-recovery"]),
    seq("a recovery window out of range", &[
        "$CLI create-secret --name d --secret-string v >/dev/null",
        "$CLI delete-secret --secret-id d --recovery-window-in-days 3",
        "$CLI delete-secret --secret-id d --recovery-window-in-days 7 --force-delete-without-recovery",
        "$CLI get-secret-value --secret-id d --query Name",
    ]),
    seq("restore a missing secret", &["$CLI restore-secret --secret-id nope"]),
    seq("batch get by ids", &[
        THREE,
        "$CLI batch-get-secret-value --secret-id-list prod/db dev/db --query 'SecretValues[].[Name, SecretString]'",
    ]),
    seq("batch get by filter", &[
        THREE,
        "$CLI batch-get-secret-value --filters Key=name,Values=prod/ --query 'SecretValues[].Name'",
    ]),
    seq("random password length", &["$CLI get-random-password --password-length 12 --query 'length(RandomPassword)'"]),
    seq("random password default length", &["$CLI get-random-password --query 'length(RandomPassword)' --output text"]),
    seq("random password with exclusions", &[
        "$CLI get-random-password --password-length 40 --exclude-numbers --exclude-punctuation --exclude-uppercase --query 'length(RandomPassword)'",
        "$CLI get-random-password --password-length 8 --include-space --require-each-included-type --exclude-characters abc --query 'length(RandomPassword)'",
        "$CLI get-random-password --password-length 8 --no-require-each-included-type --query 'length(RandomPassword)'",
    ]),
    seq("--no-paginate", &[THREE, "$CLI list-secrets --no-paginate --query 'length(SecretList)'"]),
    deviates(
        "--starting-token resumes after --max-items",
        &[
            THREE,
            "T=$($CLI list-secrets --max-items 1 --query NextToken --output text) && $CLI list-secrets --starting-token \"$T\" --query 'SecretList[].Name'",
        ],
        "moto answers HTTP 500 to the NextToken the aws CLI resumes with after --max-items; AWS's paginators resume after the items given",
        |o| assert_eq!(o[1].stdout, "[\n    \"prod/api\",\n    \"dev/db\"\n]\n"),
    ),
    seq("--cli-input-json for a listing", &[
        THREE,
        r#"$CLI list-secrets --cli-input-json '{"Filters": [{"Key": "tag-key", "Values": ["team", "env"]}]}' --query 'SecretList[].Name'"#,
    ]),
    seq("batch get by filter, one page at a time", &[
        THREE,
        "$CLI batch-get-secret-value --filters Key=name,Values=prod/ --max-results 1 --query '[length(SecretValues), NextToken != null]'",
    ]),
    seq("update with a binary value and a token", &[
        "$CLI create-secret --name ub --secret-string one >/dev/null",
        "printf '\\001\\002' > two.bin && $CLI update-secret --secret-id ub --secret-binary fileb://two.bin --client-request-token 11111111-2222-4333-8444-555555555555",
        "$CLI get-secret-value --secret-id ub --query '[VersionId, SecretBinary]'",
    ]),
    seq("an error with --output text", &["$CLI describe-secret --secret-id nope --output text"]),
    seq("skeletons for --cli-input-json", &[
        "$CLI put-secret-value --generate-cli-skeleton",
        "$CLI rotate-secret --generate-cli-skeleton",
        "$CLI get-random-password --generate-cli-skeleton input",
    ]),
    deviates(
        "list sorted by name",
        &[THREE, "$CLI list-secrets --sort-by name --query 'SecretList[].Name'"],
        "moto ignores SortBy (it lists in creation order)",
        |o| assert_eq!(o[1].stdout, "[\n    \"dev/db\",\n    \"prod/api\",\n    \"prod/db\"\n]\n"),
    ),
    seq("an unknown flag is a usage error", &["$CLI get-secret-value --secret-id x --bogus 1"]),
    seq("a missing required flag is a usage error", &["$CLI get-secret-value", "$CLI create-secret --secret-string x"]),
    seq("an ARN as the secret id", &[
        "$CLI create-secret --name byarn --secret-string v >/dev/null",
        "A=$($CLI describe-secret --secret-id byarn --query ARN --output text) && $CLI get-secret-value --secret-id \"$A\" --query '[Name, SecretString]'",
    ]),
    seq("--query with a projection and a filter", &[
        THREE,
        "$CLI list-secrets --query \"SecretList[?starts_with(Name, 'prod/')].{N: Name, D: Description}\"",
    ]),
    seq("text output of a list of strings", &[THREE, "$CLI list-secrets --query 'SecretList[].Name' --output text"]),

    seq("JSON values stay JSON strings", &[
        r#"$CLI create-secret --name js --secret-string '{"user":"u","password":"p w"}' >/dev/null"#,
        "$CLI get-secret-value --secret-id js --query SecretString --output text",
        "$CLI get-secret-value --secret-id js --query SecretString",
    ]),
    seq("non-ASCII text", &[
        "$CLI create-secret --name na --secret-string 'héllo ✓' --description 'café' >/dev/null",
        "$CLI get-secret-value --secret-id na --query '[SecretString]'",
        "$CLI describe-secret --secret-id na --query Description --output text",
    ]),
    deviates(
        "list sorted descending",
        &[THREE, "$CLI list-secrets --sort-order desc --query 'SecretList[].Name'"],
        "moto ignores SortOrder (it lists in creation order); AWS sorts by creation date, desc reverses",
        |o| assert_eq!(o[1].stdout, "[\n    \"dev/db\",\n    \"prod/api\",\n    \"prod/db\"\n]\n"),
    ),
    deviates(
        "deprecated versions are not listed without --include-deprecated",
        &[
            "$CLI create-secret --name v --secret-string 1 >/dev/null && $CLI put-secret-value --secret-id v --secret-string 2 >/dev/null && $CLI put-secret-value --secret-id v --secret-string 3 >/dev/null",
            "$CLI list-secret-version-ids --secret-id v --query 'length(Versions)'",
            "$CLI list-secret-version-ids --secret-id v --include-deprecated --query 'length(Versions)'",
            "$CLI describe-secret --secret-id v --query 'length(keys(VersionIdsToStages))'",
        ],
        "moto lists every version (and gives unlabelled ones in VersionIdsToStages); AWS's guide: versions without a label are deprecated and ListSecretVersionIds leaves them out unless IncludeDeprecated",
        |o| {
            assert_eq!(o[1].stdout, "2\n");
            assert_eq!(o[2].stdout, "3\n");
            assert_eq!(o[3].stdout, "2\n");
        },
    ),
    deviates(
        "configure rotation without rotating now",
        &[
            "$CLI create-secret --name r --secret-string v >/dev/null",
            "$CLI rotate-secret --secret-id r --rotation-rules AutomaticallyAfterDays=10 --no-rotate-immediately",
            "$CLI describe-secret --secret-id r --query '[RotationEnabled, RotationRules.AutomaticallyAfterDays, NextRotationDate != null]'",
            "$CLI list-secret-version-ids --secret-id r --query 'length(Versions)'",
        ],
        "moto adds an AWSPENDING copy of the value when not rotating immediately; AWS only runs the test step, so no version is added",
        |o| {
            assert_eq!(o[1].class, "ok");
            assert!(o[1].stdout.contains("\"VersionId\""), "{}", o[1].stdout);
            assert_eq!(o[2].stdout, "[\n    true,\n    10,\n    true\n]\n");
            assert_eq!(o[3].stdout, "1\n");
        },
    ),
    deviates(
        "rotation rules as JSON with a schedule expression",
        &[
            "$CLI create-secret --name r --secret-string v >/dev/null",
            r#"$CLI rotate-secret --secret-id r --rotation-rules '{"ScheduleExpression": "rate(10 days)", "Duration": "2h"}' --no-rotate-immediately --query Name"#,
            "$CLI describe-secret --secret-id r --query RotationRules",
        ],
        "moto keeps only AutomaticallyAfterDays of the rotation rules",
        |o| {
            assert_eq!(o[1].stdout, "\"r\"\n");
            assert_eq!(
                o[2].stdout,
                "{\n    \"AutomaticallyAfterDays\": 10,\n    \"Duration\": \"2h\",\n    \"ScheduleExpression\": \"rate(10 days)\"\n}\n"
            );
        },
    ),
    deviates(
        "rotate now without a hook",
        &[
            "$CLI create-secret --name r --secret-string old >/dev/null",
            "$CLI rotate-secret --secret-id r --query Name",
            "$CLI get-secret-value --secret-id r --query 'length(SecretString)'",
            "$CLI get-secret-value --secret-id r --version-stage AWSPREVIOUS --query SecretString",
        ],
        "moto cannot rotate without a Lambda function; arca rotates with its hooks, and without one makes a new random password (SPEC §5)",
        |o| {
            assert_eq!(o[1].stdout, "\"r\"\n");
            assert_eq!(o[2].stdout, "32\n");
            assert_eq!(o[3].stdout, "\"old\"\n");
        },
    ),
    deviates(
        "cancel rotation",
        &[
            "$CLI create-secret --name r --secret-string v >/dev/null && $CLI rotate-secret --secret-id r --rotation-rules AutomaticallyAfterDays=5 --no-rotate-immediately >/dev/null",
            "$CLI cancel-rotate-secret --secret-id r",
            "$CLI describe-secret --secret-id r --query RotationEnabled",
        ],
        "moto refuses CancelRotateSecret on a secret without a Lambda ARN; AWS's API reference returns {ARN, Name, VersionId} and turns rotation off",
        |o| {
            assert_eq!(o[1].class, "ok");
            assert!(o[1].stdout.contains("\"ARN\": \"<ARN r>\"") && o[1].stdout.contains("\"VersionId\": \"<V1>\""), "{}", o[1].stdout);
            assert_eq!(o[2].stdout, "false\n");
        },
    ),
    deviates(
        "a Lambda ARN is refused with a hint",
        &[
            "$CLI create-secret --name r --secret-string v >/dev/null",
            "$CLI rotate-secret --secret-id r --rotation-lambda-arn arn:aws:lambda:us-east-1:123456789012:function:rot",
        ],
        "moto looks the function up (ResourceNotFoundException); arca has no Lambda and says to use --hook",
        |o| assert_eq!(o[1].class, "InvalidParameterException"),
    ),
    deviates(
        "a new value or the same name while scheduled for deletion",
        &[
            "$CLI create-secret --name d --secret-string v >/dev/null && $CLI delete-secret --secret-id d >/dev/null",
            "$CLI put-secret-value --secret-id d --secret-string w",
            "$CLI create-secret --name d --secret-string again",
        ],
        "moto stores a new version in a secret scheduled for deletion and says ResourceExistsException for its name; AWS's API reference: InvalidRequestException (the secret is marked for deletion) for both",
        |o| {
            assert_eq!(o[1].class, "InvalidRequestException");
            assert_eq!(o[2].class, "InvalidRequestException");
        },
    ),
    deviates(
        "a string and a binary value together",
        &["printf x > f && $CLI create-secret --name both --secret-string a --secret-binary fileb://f"],
        "moto takes both; AWS's API reference: SecretString or SecretBinary, not both (InvalidParameterException)",
        |o| assert_eq!(o[0].class, "InvalidParameterException"),
    ),
    deviates(
        "a KMS key is refused with a hint",
        &["$CLI create-secret --name k --secret-string v --kms-key-id alias/mine"],
        "moto accepts any KMS key id; arca encrypts with age and refuses AWS-only concepts rather than ignoring them",
        |o| assert_eq!(o[0].class, "InvalidParameterException"),
    ),
    deviates(
        "descriptions over 2,048 characters",
        &["$CLI create-secret --name long --secret-string v --description \"$(printf '%2049s' | tr ' ' x)\""],
        "moto accepts any length; AWS's model limits Description to 2,048 characters",
        |o| assert_eq!(o[0].class, "ValidationException"),
    ),
    deviates(
        "moving AWSCURRENT needs --remove-from-version-id",
        &[
            "V1=$($CLI create-secret --name m --secret-string one --query VersionId --output text) && $CLI put-secret-value --secret-id m --secret-string two >/dev/null && $CLI update-secret-version-stage --secret-id m --version-stage AWSCURRENT --move-to-version-id \"$V1\"",
        ],
        "moto moves the label silently; AWS requires RemoveFromVersionId when the label is on another version (InvalidParameterException)",
        |o| assert_eq!(o[0].class, "InvalidParameterException"),
    ),
];

const CONFIG: &str =
    "[default]\nregion = us-east-1\noutput = json\ncli_timestamp_format = iso8601\n";

#[test]
fn the_aws_grammar_agrees_with_the_aws_cli_against_moto() {
    let Some(tools) = AwsTools::on_path() else {
        return;
    };
    let moto = Moto::start(&tools);
    let aws_home = tempfile::tempdir().unwrap();
    std::fs::write(aws_home.path().join("config"), CONFIG).unwrap();
    let aws_cli = format!(
        "{} --endpoint-url {} secretsmanager",
        tools.aws.display(),
        moto.url()
    );

    let mut agreeing = 0;
    let mut deviations = Vec::new();
    let mut failures = Vec::new();
    for seq in SEQUENCES {
        moto.reset();
        let env = TestEnv::initialized();
        let aws_dir = tempfile::tempdir().unwrap();
        let arca_dir = tempfile::tempdir().unwrap();
        let mut theirs = Normaliser::default();
        let mut ours = Normaliser::default();
        let mut aws_out = Vec::new();
        let mut arca_out = Vec::new();
        for step in seq.steps {
            let mut aws = shell(step, aws_dir.path(), &aws_cli);
            aws.env("HOME", aws_home.path())
                .env("AWS_CONFIG_FILE", aws_home.path().join("config"))
                .env("AWS_SHARED_CREDENTIALS_FILE", aws_home.path().join("none"))
                .envs(creds())
                .env("AWS_DEFAULT_REGION", "us-east-1")
                .env("AWS_PAGER", "");
            aws_out.push(run(aws, &mut theirs, true));
            let mut arca = shell(step, arca_dir.path(), BIN);
            for (key, value) in env.std_cmd().get_envs() {
                match value {
                    Some(v) => arca.env(key, v),
                    None => arca.env_remove(key),
                };
            }
            arca_out.push(run(arca, &mut ours, false));
        }
        // arca's exit code is always the aws CLI v2's for its outcome.
        for (step, o) in seq.steps.iter().zip(&arca_out) {
            if o.exit != v2_exit(&o.class) {
                failures.push(format!(
                    "{}: `{step}` exited {} for {}",
                    seq.name, o.exit, o.class
                ));
            }
        }
        let agree = aws_out == arca_out;
        match seq.deviation {
            Some((reason, check)) => {
                check(&arca_out);
                deviations.push(format!(
                    "{} ({}): {reason}",
                    seq.name,
                    if agree { "agrees here" } else { "differs" }
                ));
            }
            None if agree => agreeing += 1,
            None => {
                let mut report = format!("sequence '{}' differs:\n", seq.name);
                for ((step, a), b) in seq.steps.iter().zip(&aws_out).zip(&arca_out) {
                    if a != b {
                        report.push_str(&format!(
                            "  step `{step}`\n    aws  [{} {}]:\n{}\n    arca [{} {}]:\n{}\n",
                            a.class,
                            a.exit,
                            indent(&a.stdout),
                            b.class,
                            b.exit,
                            indent(&b.stdout)
                        ));
                    }
                }
                failures.push(report);
            }
        }
    }
    eprintln!(
        "aws CLI vs arca: {} sequences, {agreeing} agreeing, {} known moto deviations, {} failing",
        SEQUENCES.len(),
        deviations.len(),
        failures.len()
    );
    for d in &deviations {
        eprintln!("  deviation: {d}");
    }
    assert!(SEQUENCES.len() >= 60);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("      {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The exit status AWS CLI v2 documents for an outcome.
fn v2_exit(class: &str) -> i32 {
    match class {
        "ok" => 0,
        "usage" => 252,
        "other" => 255,
        _ => 254,
    }
}

/// What an outcome was, from the exit status and stderr of either CLI
/// (v1's exit codes are not v2's; the class is the same).
fn v2_class(exit: i32, stderr: &str) -> String {
    if exit == 0 {
        return "ok".into();
    }
    if let Some(code) = stderr
        .split("An error occurred (")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
    {
        return code.to_owned();
    }
    let usage = [
        "usage:",
        "Parameter validation failed",
        "Error parsing parameter",
        "Unknown options",
    ];
    if usage.iter().any(|u| stderr.contains(u)) {
        return "usage".into();
    }
    "other".into()
}

fn shell(step: &str, dir: &Path, cli: &str) -> Command {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(step)
        .env("CLI", cli)
        .env("TZ", "UTC")
        .current_dir(dir)
        .stdin(Stdio::null());
    cmd
}

fn run(mut cmd: Command, norm: &mut Normaliser, is_aws: bool) -> Outcome {
    let out = cmd.output().expect("running sh");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let exit = out.status.code().unwrap_or(-1);
    let class = v2_class(exit, &stderr);
    Outcome {
        stdout: norm.normalise(&String::from_utf8_lossy(&out.stdout)),
        exit: if is_aws { v2_exit(&class) } else { exit },
        class,
    }
}

/// Replaces what differs between two correct runs: ARNs (by name), dates,
/// and version ids (numbered in order of appearance, any case).
#[derive(Default)]
struct Normaliser {
    versions: HashMap<String, usize>,
}

impl Normaliser {
    fn normalise(&mut self, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while !rest.is_empty() {
            if let Some((len, name)) = arn_at(rest) {
                out.push_str(&format!("<ARN {name}>"));
                rest = &rest[len..];
            } else if let Some(len) = date_at(rest) {
                out.push_str("<DATE>");
                rest = &rest[len..];
            } else if let Some(uuid) = uuid_at(rest) {
                let next = self.versions.len() + 1;
                let n = *self
                    .versions
                    .entry(uuid.to_ascii_lowercase())
                    .or_insert(next);
                out.push_str(&format!("<V{n}>"));
                rest = &rest[36..];
            } else {
                let c = rest.chars().next().expect("not empty");
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
        out
    }
}

/// `arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-XXXXXX` or
/// `arca:secret:NAME-XXXXXX`: its length and NAME.
fn arn_at(text: &str) -> Option<(usize, String)> {
    let body_start = if text.starts_with("arca:secret:") {
        "arca:secret:".len()
    } else if let Some(after) = text.strip_prefix("arn:aws:secretsmanager:") {
        let at = after.find(":secret:")?;
        "arn:aws:secretsmanager:".len() + at + ":secret:".len()
    } else {
        return None;
    };
    let body: String = text[body_start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "/_+=.@-".contains(*c))
        .collect();
    let cut = body.len().checked_sub(7)?;
    if body.as_bytes()[cut] != b'-' {
        return None;
    }
    Some((body_start + body.len(), body[..cut].to_owned()))
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction](+00:00|Z)`: its length.
fn date_at(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
    };
    let shape = digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10)
        && matches!(b.get(10), Some(b'T') | Some(b' '))
        && digits(11..13)
        && b.get(13) == Some(&b':')
        && digits(14..16)
        && b.get(16) == Some(&b':')
        && digits(17..19);
    if !shape {
        return None;
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    if b.get(i) == Some(&b'Z') {
        i += 1;
    } else if b.get(i) == Some(&b'+') && text.get(i..i + 6) == Some("+00:00") {
        i += 6;
    }
    Some(i)
}

fn uuid_at(text: &str) -> Option<&str> {
    let candidate = text.get(..36)?;
    let ok = candidate.char_indices().all(|(i, c)| match i {
        8 | 13 | 18 | 23 => c == '-',
        _ => c.is_ascii_hexdigit(),
    });
    ok.then_some(candidate)
}
