//! Typed reads of a request's JSON members, with AWS's errors for a wrong
//! type or a value out of range.

use base64::{engine::general_purpose::STANDARD, Engine};
use serde_json::{Map, Value as Json};
use zeroize::Zeroizing;

use super::error::{AwsError, INVALID_PARAMETER, SERIALIZATION, VALIDATION};
use crate::secret::Value;

pub struct Request<'a> {
    members: &'a Map<String, Json>,
}

/// Members of AWS's model with no meaning for a vault file, each with what
/// arca does instead. A request that sets one is refused, never silently
/// half-done.
const REFUSED: &[(&str, &str)] = &[
    ("KmsKeyId", "arca has no KMS keys: the vault is encrypted with age to its recipients (see 'arca recipients')"),
    ("AddReplicaRegions", "arca has no regions to replicate to: the vault is one file (copy it, or add recipients)"),
    ("ForceOverwriteReplicaSecret", "arca has no replicas: the vault is one file"),
    ("RotationLambdaARN", "arca rotates through hooks in its config file, not Lambda functions: pass --hook NAME (see 'arca rotate --help')"),
    ("ExternalSecretRotationMetadata", "arca rotates through hooks in its config file (see 'arca rotate --help')"),
    ("ExternalSecretRotationRoleArn", "arca has no IAM roles: rotation runs hooks from its config file"),
    ("RotationToken", "arca has no rotation tokens: a hook may call arca directly"),
    ("Type", "arca has no managed secret types"),
    ("CrossAccountPrimaryARN", "arca has no accounts: share the vault by adding recipients"),
];

impl<'a> Request<'a> {
    pub fn new(request: &'a Json) -> Result<Request<'a>, AwsError> {
        let members = request
            .as_object()
            .ok_or_else(|| AwsError::new(SERIALIZATION, "the request body is not a JSON object"))?;
        for (member, instead) in REFUSED {
            // False and empty values ask for nothing.
            let asked = match members.get(*member) {
                None | Some(Json::Null) | Some(Json::Bool(false)) => false,
                Some(Json::Array(a)) => !a.is_empty(),
                Some(_) => true,
            };
            if asked {
                return Err(AwsError::parameter(format!(
                    "{member} is not supported: {instead}"
                )));
            }
        }
        Ok(Request { members })
    }

    fn get(&self, key: &str) -> Option<&'a Json> {
        self.members.get(key).filter(|v| !v.is_null())
    }

    fn wrong_type(key: &str, what: &str) -> AwsError {
        AwsError::new(SERIALIZATION, format!("{key} must be {what}"))
    }

    pub fn str(&self, key: &str) -> Result<Option<&'a str>, AwsError> {
        match self.get(key) {
            None => Ok(None),
            Some(Json::String(s)) => Ok(Some(s)),
            Some(_) => Err(Self::wrong_type(key, "a string")),
        }
    }

    pub fn required_str(&self, key: &str) -> Result<&'a str, AwsError> {
        self.str(key)?.ok_or_else(|| {
            AwsError::new(
                VALIDATION,
                format!("1 validation error detected: Value null at '{}' failed to satisfy constraint: Member must not be null", lower_first(key)),
            )
        })
    }

    pub fn bool(&self, key: &str) -> Result<Option<bool>, AwsError> {
        match self.get(key) {
            None => Ok(None),
            Some(Json::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(Self::wrong_type(key, "true or false")),
        }
    }

    /// An integer within `range`; outside it is InvalidParameterException
    /// naming the range, as AWS says it.
    pub fn int(
        &self,
        key: &str,
        range: std::ops::RangeInclusive<i64>,
    ) -> Result<Option<i64>, AwsError> {
        let Some(value) = self.get(key) else {
            return Ok(None);
        };
        let n = value
            .as_i64()
            .ok_or_else(|| Self::wrong_type(key, "an integer"))?;
        if !range.contains(&n) {
            return Err(AwsError::new(
                INVALID_PARAMETER,
                format!(
                    "{key} must be between {} and {} (inclusive); it is {n}",
                    range.start(),
                    range.end()
                ),
            ));
        }
        Ok(Some(n))
    }

    pub fn strings(&self, key: &str) -> Result<Option<Vec<&'a str>>, AwsError> {
        let Some(value) = self.get(key) else {
            return Ok(None);
        };
        let items = value
            .as_array()
            .ok_or_else(|| Self::wrong_type(key, "a list of strings"))?;
        items
            .iter()
            .map(|i| {
                i.as_str()
                    .ok_or_else(|| Self::wrong_type(key, "a list of strings"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    /// A list of objects, each as a Request of its own.
    pub fn objects(&self, key: &str) -> Result<Option<Vec<Request<'a>>>, AwsError> {
        let Some(value) = self.get(key) else {
            return Ok(None);
        };
        let items = value
            .as_array()
            .ok_or_else(|| Self::wrong_type(key, "a list of objects"))?;
        items
            .iter()
            .map(|i| {
                i.as_object()
                    .map(|members| Request { members })
                    .ok_or_else(|| Self::wrong_type(key, "a list of objects"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    pub fn object(&self, key: &str) -> Result<Option<Request<'a>>, AwsError> {
        match self.get(key) {
            None => Ok(None),
            Some(Json::Object(members)) => Ok(Some(Request { members })),
            Some(_) => Err(Self::wrong_type(key, "an object")),
        }
    }

    /// SecretString or SecretBinary (base64 on the wire), at most one.
    pub fn value(&self) -> Result<Option<Value>, AwsError> {
        let text = self.str("SecretString")?;
        let binary = self.str("SecretBinary")?;
        match (text, binary) {
            (Some(_), Some(_)) => Err(AwsError::parameter(
                "You can't specify both a binary secret value and a string secret value in the same secret.",
            )),
            (Some(text), None) => Ok(Some(Value::String(Zeroizing::new(text.to_owned())))),
            (None, Some(b64)) => STANDARD
                .decode(b64)
                .map(|bytes| Some(Value::Binary(Zeroizing::new(bytes))))
                .map_err(|_| Self::wrong_type("SecretBinary", "base64")),
            (None, None) => Ok(None),
        }
    }
}

fn lower_first(key: &str) -> String {
    let mut chars = key.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn members_are_typed_and_aws_only_ones_refused() {
        let body = json!({"SecretId": "s", "MaxResults": 5, "Flag": true, "List": ["a"]});
        let req = Request::new(&body).unwrap();
        assert_eq!(req.required_str("SecretId").unwrap(), "s");
        assert_eq!(req.int("MaxResults", 1..=100).unwrap(), Some(5));
        assert_eq!(
            req.int("MaxResults", 10..=100).unwrap_err().code,
            INVALID_PARAMETER
        );
        assert_eq!(req.bool("Flag").unwrap(), Some(true));
        assert_eq!(req.str("MaxResults").unwrap_err().code, SERIALIZATION);
        assert_eq!(req.required_str("Name").unwrap_err().code, VALIDATION);
        assert_eq!(req.strings("List").unwrap(), Some(vec!["a"]));
        let kms = json!({"Name": "n", "KmsKeyId": "alias/x"});
        let refused = Request::new(&kms).err().unwrap();
        assert!(refused.message.contains("age"), "{}", refused.message);
        // An AWS-only member that asks for nothing is fine.
        assert!(Request::new(&json!({"ForceOverwriteReplicaSecret": false})).is_ok());
        assert_eq!(Request::new(&json!([1])).err().unwrap().code, SERIALIZATION);
    }

    #[test]
    fn a_value_is_a_string_or_base64_bytes_not_both() {
        let both = json!({"SecretString": "a", "SecretBinary": "YQ=="});
        assert_eq!(
            Request::new(&both).unwrap().value().unwrap_err().code,
            INVALID_PARAMETER
        );
        let bin = json!({"SecretBinary": "AAH/"});
        match Request::new(&bin).unwrap().value().unwrap() {
            Some(Value::Binary(b)) => assert_eq!(b.as_slice(), [0, 1, 255]),
            _ => panic!("not binary"),
        }
    }
}
