//! AWS's request JSON → the SDK's builders, the SDK's outputs → AWS's
//! response JSON (members in the order of AWS's service model, dates as
//! `output::date` strings, SecretBinary in base64), one operation each.
//!
//! Only the types are checked here: AWS itself validates the values, so
//! its rules (and error codes) stay AWS's.

use std::collections::HashMap;

use aws_sdk_secretsmanager as sm;
use base64::{engine::general_purpose::STANDARD, Engine};
use serde_json::{json, Map, Value as Json};
use sm::primitives::{Blob, DateTime};
use sm::types::{Filter, FilterNameStringType, SortByType, SortOrderType, Tag};

use super::sdk::{erase, Sdk};
use crate::aws::AwsError;

const SERIALIZATION: &str = "SerializationException";

/// DescribeSecret's response, or a ListSecrets entry: the same members
/// but the versions' (`VersionIdsToStages` / `SecretVersionsToStages`).
macro_rules! metadata {
    ($o:expr, $stages_key:literal, $stages:ident) => {{
        let o = $o;
        let mut doc = named(o.arn.clone(), o.name.clone());
        put(&mut doc, "Description", o.description.clone());
        put(&mut doc, "KmsKeyId", o.kms_key_id.clone());
        put(&mut doc, "RotationEnabled", o.rotation_enabled);
        put(&mut doc, "RotationLambdaARN", o.rotation_lambda_arn.clone());
        if let Some(rules) = &o.rotation_rules {
            let mut r = Map::new();
            put(
                &mut r,
                "AutomaticallyAfterDays",
                rules.automatically_after_days,
            );
            put(&mut r, "Duration", rules.duration.clone());
            put(
                &mut r,
                "ScheduleExpression",
                rules.schedule_expression.clone(),
            );
            doc.insert("RotationRules".into(), Json::Object(r));
        }
        put(
            &mut doc,
            "LastRotatedDate",
            o.last_rotated_date.and_then(date),
        );
        put(
            &mut doc,
            "LastChangedDate",
            o.last_changed_date.and_then(date),
        );
        put(
            &mut doc,
            "LastAccessedDate",
            o.last_accessed_date.and_then(date),
        );
        put(&mut doc, "DeletedDate", o.deleted_date.and_then(date));
        put(
            &mut doc,
            "NextRotationDate",
            o.next_rotation_date.and_then(date),
        );
        if let Some(tags) = &o.tags {
            doc.insert("Tags".into(), tags_json(tags));
        }
        if let Some(stages) = &o.$stages {
            doc.insert($stages_key.into(), stages_json(stages));
        }
        put(&mut doc, "OwningService", o.owning_service.clone());
        put(&mut doc, "CreatedDate", o.created_date.and_then(date));
        put(&mut doc, "PrimaryRegion", o.primary_region.clone());
        Json::Object(doc)
    }};
}

/// GetSecretValue's response, or a BatchGetSecretValue entry.
macro_rules! value {
    ($o:expr) => {{
        let o = $o;
        let mut doc = named(o.arn.clone(), o.name.clone());
        put(&mut doc, "VersionId", o.version_id.clone());
        put(
            &mut doc,
            "SecretBinary",
            o.secret_binary
                .as_ref()
                .map(|b| STANDARD.encode(b.as_ref())),
        );
        put(&mut doc, "SecretString", o.secret_string.clone());
        put(&mut doc, "VersionStages", o.version_stages.clone());
        put(&mut doc, "CreatedDate", o.created_date.and_then(date));
        Json::Object(doc)
    }};
}

pub enum Error {
    /// The request JSON cannot be what AWS takes (a wrong type).
    Aws(AwsError),
    /// The SDK's failure, mapped by the caller (it knows where AWS is).
    Sdk(Box<Sdk>),
}

impl From<AwsError> for Error {
    fn from(e: AwsError) -> Error {
        Error::Aws(e)
    }
}

/// Sends `operation` with AWS's request JSON.
pub async fn run(client: &sm::Client, operation: &str, req: &Json) -> Result<Json, Error> {
    let r = Req(req
        .as_object()
        .ok_or_else(|| AwsError::new(SERIALIZATION, "the request must be a JSON object"))?);
    match operation {
        "ListSecrets" => {
            let o = client
                .list_secrets()
                .set_filters(r.filters()?)
                .set_max_results(r.int("MaxResults")?)
                .set_next_token(r.str("NextToken")?)
                .set_include_planned_deletion(r.bool("IncludePlannedDeletion")?)
                .set_sort_order(r.str("SortOrder")?.map(|s| SortOrderType::from(s.as_str())))
                .set_sort_by(r.str("SortBy")?.map(|s| SortByType::from(s.as_str())))
                .send()
                .await
                .map_err(sdk)?;
            let mut doc = Map::new();
            let list: Vec<Json> = o.secret_list().iter().map(list_entry).collect();
            doc.insert("SecretList".into(), Json::Array(list));
            put(&mut doc, "NextToken", more(o.next_token));
            Ok(Json::Object(doc))
        }
        "DescribeSecret" => {
            let o = client
                .describe_secret()
                .set_secret_id(r.str("SecretId")?)
                .send()
                .await
                .map_err(sdk)?;
            Ok(metadata!(o, "VersionIdsToStages", version_ids_to_stages))
        }
        "ListSecretVersionIds" => {
            let o = client
                .list_secret_version_ids()
                .set_secret_id(r.str("SecretId")?)
                .set_max_results(r.int("MaxResults")?)
                .set_next_token(r.str("NextToken")?)
                .set_include_deprecated(r.bool("IncludeDeprecated")?)
                .send()
                .await
                .map_err(sdk)?;
            let mut doc = Map::new();
            let versions: Vec<Json> = o
                .versions()
                .iter()
                .map(|v| {
                    let mut entry = Map::new();
                    put(&mut entry, "VersionId", v.version_id.clone());
                    put(&mut entry, "VersionStages", v.version_stages.clone());
                    put(
                        &mut entry,
                        "LastAccessedDate",
                        v.last_accessed_date.and_then(date),
                    );
                    put(&mut entry, "CreatedDate", v.created_date.and_then(date));
                    put(&mut entry, "KmsKeyIds", v.kms_key_ids.clone());
                    Json::Object(entry)
                })
                .collect();
            doc.insert("Versions".into(), Json::Array(versions));
            put(&mut doc, "NextToken", more(o.next_token));
            put(&mut doc, "ARN", o.arn);
            put(&mut doc, "Name", o.name);
            Ok(Json::Object(doc))
        }
        "GetSecretValue" => {
            let o = client
                .get_secret_value()
                .set_secret_id(r.str("SecretId")?)
                .set_version_id(r.str("VersionId")?)
                .set_version_stage(r.str("VersionStage")?)
                .send()
                .await
                .map_err(sdk)?;
            Ok(value!(o))
        }
        "BatchGetSecretValue" => {
            let o = client
                .batch_get_secret_value()
                .set_secret_id_list(r.strings("SecretIdList")?)
                .set_filters(r.filters()?)
                .set_max_results(r.int("MaxResults")?)
                .set_next_token(r.str("NextToken")?)
                .send()
                .await
                .map_err(sdk)?;
            let mut doc = Map::new();
            let values: Vec<Json> = o.secret_values().iter().map(|v| value!(v)).collect();
            doc.insert("SecretValues".into(), Json::Array(values));
            put(&mut doc, "NextToken", more(o.next_token.clone()));
            let errors: Vec<Json> = o
                .errors()
                .iter()
                .map(|e| {
                    let mut entry = Map::new();
                    put(&mut entry, "SecretId", e.secret_id.clone());
                    put(&mut entry, "ErrorCode", e.error_code.clone());
                    put(&mut entry, "Message", e.message.clone());
                    Json::Object(entry)
                })
                .collect();
            doc.insert("Errors".into(), Json::Array(errors));
            Ok(Json::Object(doc))
        }
        "CreateSecret" => {
            let (string, binary) = r.value()?;
            let o = client
                .create_secret()
                .set_name(r.str("Name")?)
                .set_client_request_token(r.str("ClientRequestToken")?)
                .set_description(r.str("Description")?)
                .set_kms_key_id(r.str("KmsKeyId")?)
                .set_secret_string(string)
                .set_secret_binary(binary)
                .set_tags(r.tags()?)
                .set_force_overwrite_replica_secret(r.bool("ForceOverwriteReplicaSecret")?)
                .send()
                .await
                .map_err(sdk)?;
            let mut doc = named(o.arn, o.name);
            put(&mut doc, "VersionId", o.version_id);
            Ok(Json::Object(doc))
        }
        "PutSecretValue" => {
            let (string, binary) = r.value()?;
            let o = client
                .put_secret_value()
                .set_secret_id(r.str("SecretId")?)
                .set_client_request_token(r.str("ClientRequestToken")?)
                .set_secret_string(string)
                .set_secret_binary(binary)
                .set_version_stages(r.strings("VersionStages")?)
                .send()
                .await
                .map_err(sdk)?;
            let mut doc = named(o.arn, o.name);
            put(&mut doc, "VersionId", o.version_id);
            put(&mut doc, "VersionStages", o.version_stages);
            Ok(Json::Object(doc))
        }
        "UpdateSecret" => {
            let (string, binary) = r.value()?;
            let o = client
                .update_secret()
                .set_secret_id(r.str("SecretId")?)
                .set_client_request_token(r.str("ClientRequestToken")?)
                .set_description(r.str("Description")?)
                .set_kms_key_id(r.str("KmsKeyId")?)
                .set_secret_string(string)
                .set_secret_binary(binary)
                .send()
                .await
                .map_err(sdk)?;
            let mut doc = named(o.arn, o.name);
            put(&mut doc, "VersionId", o.version_id);
            Ok(Json::Object(doc))
        }
        "UpdateSecretVersionStage" => {
            let o = client
                .update_secret_version_stage()
                .set_secret_id(r.str("SecretId")?)
                .set_version_stage(r.str("VersionStage")?)
                .set_remove_from_version_id(r.str("RemoveFromVersionId")?)
                .set_move_to_version_id(r.str("MoveToVersionId")?)
                .send()
                .await
                .map_err(sdk)?;
            Ok(Json::Object(named(o.arn, o.name)))
        }
        "TagResource" => {
            client
                .tag_resource()
                .set_secret_id(r.str("SecretId")?)
                .set_tags(r.tags()?)
                .send()
                .await
                .map_err(sdk)?;
            Ok(json!({}))
        }
        "UntagResource" => {
            client
                .untag_resource()
                .set_secret_id(r.str("SecretId")?)
                .set_tag_keys(r.strings("TagKeys")?)
                .send()
                .await
                .map_err(sdk)?;
            Ok(json!({}))
        }
        "DeleteSecret" => {
            let o = client
                .delete_secret()
                .set_secret_id(r.str("SecretId")?)
                .set_recovery_window_in_days(r.int("RecoveryWindowInDays")?)
                .set_force_delete_without_recovery(r.bool("ForceDeleteWithoutRecovery")?)
                .send()
                .await
                .map_err(sdk)?;
            let mut doc = named(o.arn, o.name);
            put(&mut doc, "DeletionDate", o.deletion_date.and_then(date));
            Ok(Json::Object(doc))
        }
        "RestoreSecret" => {
            let o = client
                .restore_secret()
                .set_secret_id(r.str("SecretId")?)
                .send()
                .await
                .map_err(sdk)?;
            Ok(Json::Object(named(o.arn, o.name)))
        }
        other => Err(AwsError::new(
            "UnknownOperationException",
            format!("the aws remote does not implement the operation {other}"),
        )
        .into()),
    }
}

fn sdk<E>(err: sm::error::SdkError<E, sm::config::http::HttpResponse>) -> Error
where
    E: sm::error::ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    Error::Sdk(Box::new(erase(err)))
}

fn list_entry(e: &sm::types::SecretListEntry) -> Json {
    metadata!(e, "SecretVersionsToStages", secret_versions_to_stages)
}

/// A response that names its secret, as most begin: ARN and Name.
fn named(arn: Option<String>, name: Option<String>) -> Map<String, Json> {
    let mut doc = Map::new();
    put(&mut doc, "ARN", arn);
    put(&mut doc, "Name", name);
    doc
}

fn put(doc: &mut Map<String, Json>, key: &str, value: Option<impl Into<Json>>) {
    if let Some(v) = value {
        doc.insert(key.into(), v.into());
    }
}

/// A page's NextToken, absent on the last page. AWS leaves it out there;
/// moto sends `""` with every ListSecretVersionIds, which a caller that
/// pages until the token is absent would follow for ever.
fn more(token: Option<String>) -> Option<String> {
    token.filter(|t| !t.is_empty())
}

/// AWS's date as the aws CLI prints it (`output::date`).
fn date(d: DateTime) -> Option<String> {
    let nanos = i32::try_from(d.subsec_nanos()).ok()?;
    jiff::Timestamp::new(d.secs(), nanos)
        .ok()
        .map(crate::output::date)
}

fn tags_json(tags: &[Tag]) -> Json {
    Json::Array(
        tags.iter()
            .map(|t| {
                let mut tag = Map::new();
                put(&mut tag, "Key", t.key.clone());
                put(&mut tag, "Value", t.value.clone());
                Json::Object(tag)
            })
            .collect(),
    )
}

/// Versions to their labels, by version id (the SDK's map has no order).
fn stages_json(stages: &HashMap<String, Vec<String>>) -> Json {
    let mut ids: Vec<&String> = stages.keys().collect();
    ids.sort();
    Json::Object(
        ids.into_iter()
            .map(|id| (id.clone(), json!(stages[id])))
            .collect(),
    )
}

/// A request's members, read with their types checked.
struct Req<'a>(&'a Map<String, Json>);

impl Req<'_> {
    fn wrong(key: &str, what: &str) -> AwsError {
        AwsError::new(SERIALIZATION, format!("{key} must be {what}"))
    }

    fn str(&self, key: &str) -> Result<Option<String>, AwsError> {
        match self.0.get(key) {
            None | Some(Json::Null) => Ok(None),
            Some(Json::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(Self::wrong(key, "a string")),
        }
    }

    fn int<T: TryFrom<i64>>(&self, key: &str) -> Result<Option<T>, AwsError> {
        match self.0.get(key) {
            None | Some(Json::Null) => Ok(None),
            Some(v) => v
                .as_i64()
                .and_then(|n| T::try_from(n).ok())
                .map(Some)
                .ok_or_else(|| Self::wrong(key, "an integer")),
        }
    }

    fn bool(&self, key: &str) -> Result<Option<bool>, AwsError> {
        match self.0.get(key) {
            None | Some(Json::Null) => Ok(None),
            Some(Json::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(Self::wrong(key, "true or false")),
        }
    }

    fn strings(&self, key: &str) -> Result<Option<Vec<String>>, AwsError> {
        strings(self.0.get(key), key)
    }

    /// `[{Key, Value}]`
    fn tags(&self) -> Result<Option<Vec<Tag>>, AwsError> {
        self.list("Tags", |tag| {
            let tag = Req(tag);
            Ok(Tag::builder()
                .set_key(tag.str("Key")?)
                .set_value(tag.str("Value")?)
                .build())
        })
    }

    /// `[{Key, Values}]`
    fn filters(&self) -> Result<Option<Vec<Filter>>, AwsError> {
        self.list("Filters", |filter| {
            let filter = Req(filter);
            Ok(Filter::builder()
                .set_key(
                    filter
                        .str("Key")?
                        .map(|k| FilterNameStringType::from(k.as_str())),
                )
                .set_values(filter.strings("Values")?)
                .build())
        })
    }

    fn list<T>(
        &self,
        key: &str,
        item: impl Fn(&Map<String, Json>) -> Result<T, AwsError>,
    ) -> Result<Option<Vec<T>>, AwsError> {
        match self.0.get(key) {
            None | Some(Json::Null) => Ok(None),
            Some(Json::Array(items)) => items
                .iter()
                .map(|i| {
                    i.as_object()
                        .ok_or_else(|| Self::wrong(key, "a list of objects"))
                        .and_then(&item)
                })
                .collect::<Result<Vec<T>, _>>()
                .map(Some),
            Some(_) => Err(Self::wrong(key, "a list of objects")),
        }
    }

    /// SecretString, or SecretBinary decoded from base64.
    fn value(&self) -> Result<(Option<String>, Option<Blob>), AwsError> {
        let binary = match self.str("SecretBinary")? {
            None => None,
            Some(b64) => Some(Blob::new(
                STANDARD
                    .decode(b64)
                    .map_err(|_| Self::wrong("SecretBinary", "base64"))?,
            )),
        };
        Ok((self.str("SecretString")?, binary))
    }
}

fn strings(value: Option<&Json>, key: &str) -> Result<Option<Vec<String>>, AwsError> {
    match value {
        None | Some(Json::Null) => Ok(None),
        Some(Json::Array(items)) => items
            .iter()
            .map(|i| {
                i.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| Req::wrong(key, "a list of strings"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(_) => Err(Req::wrong(key, "a list of strings")),
    }
}
