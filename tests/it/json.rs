//! `-o json` mirrors the AWS CLI's field names; dates are RFC 3339.

use serde_json::Value;

use crate::util::*;

fn keys(doc: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = doc
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    keys
}

#[test]
fn create_put_get_versions_stage_have_aws_field_names() {
    let env = TestEnv::initialized();

    let create = json_of(
        &env.arca_stdin(&["create", "app/db", "-o", "json"], "v1")
            .success(),
    );
    assert_eq!(keys(&create), ["ARN", "Name", "VersionId"]);
    let arn = create["ARN"].as_str().unwrap();
    assert!(arn.starts_with("arca:secret:app/db-"));
    assert_eq!(create["Name"], "app/db");
    let v1 = create["VersionId"].as_str().unwrap();
    assert!(uuid_v4(v1), "{v1}");

    let put = json_of(
        &env.arca_stdin(&["put", "app/db", "-o", "json"], "v2")
            .success(),
    );
    assert_eq!(keys(&put), ["ARN", "Name", "VersionId", "VersionStages"]);
    assert_eq!(put["ARN"], arn);
    assert_eq!(put["VersionStages"], serde_json::json!(["AWSCURRENT"]));
    let v2 = put["VersionId"].as_str().unwrap();
    assert!(uuid_v4(v2), "{v2}");

    let get = env.json(&["get", "app/db"]);
    assert_eq!(
        keys(&get),
        [
            "ARN",
            "CreatedDate",
            "Name",
            "SecretString",
            "VersionId",
            "VersionStages"
        ]
    );
    assert_eq!(get["ARN"], arn);
    assert_eq!(get["Name"], "app/db");
    assert_eq!(get["SecretString"], "v2");
    assert_eq!(get["VersionId"], v2);
    assert_eq!(get["VersionStages"], serde_json::json!(["AWSCURRENT"]));
    assert!(is_rfc3339(get["CreatedDate"].as_str().unwrap()), "{get}");

    let versions = env.json(&["versions", "app/db"]);
    assert_eq!(keys(&versions), ["ARN", "Name", "Versions"]);
    assert_eq!(versions["ARN"], arn);
    let list = versions["Versions"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    for v in list {
        assert_eq!(keys(v), ["CreatedDate", "VersionId", "VersionStages"]);
        assert!(is_rfc3339(v["CreatedDate"].as_str().unwrap()), "{v}");
    }
    assert_eq!(list[0]["VersionId"], v2, "newest first");
    assert_eq!(list[1]["VersionId"], v1);

    let stage = json_of(
        &env.arca(&["stage", "app/db", "L", "--move-to", v1, "-o", "json"])
            .success(),
    );
    assert_eq!(keys(&stage), ["ARN", "Name"]);
    assert_eq!(stage["ARN"], arn);
    assert_eq!(stage["Name"], "app/db");
}

#[test]
fn dates_are_in_order_and_near_now() {
    let env = TestEnv::initialized();
    let before = jiff::Timestamp::now();
    env.create("s", b"v1");
    std::thread::sleep(std::time::Duration::from_millis(5));
    env.put("s", b"v2");
    let after = jiff::Timestamp::now();
    let doc = env.json(&["versions", "s"]);
    let dates: Vec<jiff::Timestamp> = doc["Versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["CreatedDate"].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(dates[0] > dates[1], "newest first: {doc}");
    let slack = jiff::SignedDuration::from_secs(1);
    for d in dates {
        assert!(
            d >= before - slack && d <= after + slack,
            "{d} not between {before} and {after}"
        );
    }
}

#[test]
fn the_test_clock_override_shows_in_dates() {
    let env = TestEnv::initialized();
    env.arca_env(
        &["create", "s", "--secret-string", "v"],
        &[("ARCA_TEST_NOW", "2030-01-02T03:04:05Z")],
    )
    .success();
    let date = env.json(&["get", "s"])["CreatedDate"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(is_rfc3339(&date), "{date}");
    assert_eq!(
        date.parse::<jiff::Timestamp>().unwrap(),
        "2030-01-02T03:04:05Z".parse().unwrap()
    );
}

#[test]
fn the_date_checker_itself() {
    assert!(is_rfc3339("2024-05-06T07:08:09Z"));
    assert!(is_rfc3339("2024-05-06T07:08:09.123Z"));
    assert!(is_rfc3339("2024-05-06T07:08:09.123+02:00"));
    assert!(!is_rfc3339("2024-05-06 07:08:09Z"));
    assert!(!is_rfc3339("2024-05-06T07:08:09"));
    assert!(!is_rfc3339("1714979289"));
}

fn uuid_v4(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
        && s.chars()
            .all(|c| c == '-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        && parts[2].starts_with('4')
}
