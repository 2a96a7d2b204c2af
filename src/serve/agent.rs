//! The AWS Secrets Manager Agent's local protocol (`--agent-protocol`):
//! `GET /secretsmanager/get?secretId=ID[&versionId=…|&versionStage=…]`, or
//! `GET /v1/ID`, with the SSRF token in `X-Aws-Parameters-Secrets-Token`.
//! The answer is GetSecretValue's, as the agent gives it.

use serde_json::{json, Map, Value as Json};

/// The header that carries the SSRF token, as the agent names it.
pub const TOKEN_HEADER: &str = "x-aws-parameters-secrets-token";
/// Where the agent (and so its clients) take the token from.
pub const TOKEN_ENV: &str = "AWS_TOKEN";

/// Whether `path` is one of the agent's.
pub fn is_agent_path(path: &str) -> bool {
    path == "/secretsmanager/get" || path.starts_with("/v1/")
}

/// The GetSecretValue request a GET of the agent's asks for, or the
/// message of AWS's InvalidParameterException.
pub fn request(path: &str, query: Option<&str>) -> Result<Json, String> {
    let mut request = Map::new();
    for (key, value) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        let member = match &*key {
            "secretId" => "SecretId",
            "versionId" => "VersionId",
            "versionStage" => "VersionStage",
            // The agent's cache control: arca reads the vault every time.
            "refreshNow" => continue,
            other => return Err(format!("unknown query parameter '{other}'")),
        };
        request.insert(member.to_owned(), json!(value));
    }
    if let Some(id) = path.strip_prefix("/v1/") {
        let id = percent_decode(id).ok_or("the secret id in the path is not valid UTF-8")?;
        request.insert("SecretId".to_owned(), json!(id));
    }
    if !request.contains_key("SecretId") {
        return Err("secretId is required".to_owned());
    }
    Ok(Json::Object(request))
}

fn percent_decode(text: &str) -> Option<String> {
    let mut out = Vec::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests() {
        assert_eq!(
            request(
                "/secretsmanager/get",
                Some("secretId=prod%2Fdb&versionStage=AWSPREVIOUS")
            )
            .unwrap(),
            json!({"SecretId": "prod/db", "VersionStage": "AWSPREVIOUS"})
        );
        assert_eq!(
            request("/v1/prod%2Fdb", None).unwrap(),
            json!({"SecretId": "prod/db"})
        );
        assert_eq!(
            request("/v1/a/b", Some("refreshNow=true")).unwrap(),
            json!({"SecretId": "a/b"})
        );
        assert!(request("/secretsmanager/get", None).is_err());
        assert!(request("/secretsmanager/get", Some("secretId=a&x=1")).is_err());
        assert!(request("/v1/%zz", None).is_err());
        assert!(request("/v1/%4", None).is_err());
    }
}
