//! The headline use: rotating a real PostgreSQL role's password with
//! examples/hooks/postgres.sh against a throwaway cluster.

use std::path::Path;

use crate::pg::PgCluster;
use crate::util::*;

fn password_of(env: &TestEnv, stage: &str) -> String {
    String::from_utf8(env.get(&["prod/db/app", "--version-stage", stage, "--field", "password"])).unwrap()
}

#[test]
#[ignore = "needs PostgreSQL server binaries (apt-get install postgresql); CI runs it with --include-ignored and ARCA_REQUIRE_PG=1"]
fn rotating_a_postgres_password_end_to_end() {
    let Some(pg) = PgCluster::start() else {
        eprintln!("note: skipping: no PostgreSQL server binaries (apt-get install postgresql)");
        return;
    };
    pg.exec_sql_as_superuser("CREATE ROLE app LOGIN PASSWORD 'first-pw'");

    let env = TestEnv::initialized();
    env.create("prod/db/master", pg.secret_json(pg.superuser(), pg.superuser_password()).as_bytes());
    env.create("prod/db/app", pg.secret_json("app", "first-pw").as_bytes());
    let hook = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/hooks/postgres.sh");
    env.write_file(
        ".config/arca/config.toml",
        format!("[hooks.postgres]\ncommand = \"{}\"\ntimeout = \"30s\"\n", hook.display()).as_bytes(),
    );
    // The hook calls `arca get` for the master secret: put this arca on its PATH.
    let path = format!("{}:{}", Path::new(BIN).parent().unwrap().display(), std::env::var("PATH").unwrap());
    let rotate = |args: &[&str]| env.arca_env(args, &[("PATH", path.as_str())]);

    rotate(&["rotate", "prod/db/app", "--hook", "postgres", "--every", "30d"]).success();
    let new = password_of(&env, "AWSCURRENT");
    assert_ne!(new, "first-pw");
    assert_eq!(password_of(&env, "AWSPREVIOUS"), "first-pw");
    assert!(pg.can_login("app", &new), "the new password does not work");
    assert!(!pg.can_login("app", "first-pw"), "the old password still works");

    // The server is down: the rotation fails, AWSCURRENT stays, the pending value is kept.
    pg.stop();
    let err = assert_fails(rotate(&["rotate", "prod/db/app"]), 6, &[&new]);
    assert!(err.contains("hook postgres"), "{err}");
    assert_eq!(password_of(&env, "AWSCURRENT"), new);
    let pending = password_of(&env, "AWSPENDING");

    // Back up: the rerun resumes with the same pending value.
    pg.restart();
    rotate(&["rotate", "prod/db/app"]).success();
    assert_eq!(password_of(&env, "AWSCURRENT"), pending);
    assert!(pg.can_login("app", &pending));
    assert!(!pg.can_login("app", &new));
}
