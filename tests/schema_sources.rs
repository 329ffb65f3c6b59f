//! Every schema source planner reads, on small fixtures in testdata/schema.

use planner::app::{analyze, RunOptions};
use planner::config::Config;
use planner::schema::{ForeignKey, SchemaSection};
use std::path::Path;

/// `testdata/schema/FIXTURE` analysed without history.
fn analysis_of(fixture: &str) -> planner::analysis::Analysis {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/schema")
        .join(fixture);
    analyze(
        &root,
        &Config::default(),
        &RunOptions {
            progress: false,
            history: false,
            ..RunOptions::default()
        },
    )
    .expect("fixture analyses")
}

fn schema_of(fixture: &str) -> SchemaSection {
    analysis_of(fixture).schema.expect("fixture has a schema")
}

fn keys(s: &SchemaSection) -> Vec<String> {
    s.foreign_keys.iter().map(key).collect()
}

fn key(f: &ForeignKey) -> String {
    format!(
        "{}({})->{}({})",
        f.from_table,
        f.from_columns.join(","),
        f.to_table,
        f.to_columns.join(",")
    )
}

fn tables(s: &SchemaSection) -> Vec<&str> {
    s.tables.iter().map(|t| t.name.as_str()).collect()
}

#[test]
fn pg_dump_structure_sql_reads_tables_keys_and_skips_noise() {
    let s = schema_of("pg_dump");
    assert_eq!(
        tables(&s),
        [
            "archive.old_orders",
            "audit_events",
            "customers",
            "order_lines",
            "orders",
            "products"
        ]
    );
    assert_eq!(
        keys(&s),
        [
            "order_lines(order_id)->orders(id)",
            "order_lines(product_id)->products(id)",
            "orders(customer_id)->customers(id)",
            "orders(parent_order_id)->orders(id)",
            "products(featured_line_order_id,featured_line_no)->order_lines(order_id,line_no)",
        ]
    );
    let src = &s.sources[0];
    assert_eq!(
        (src.kind.as_str(), src.dialect.as_deref(), src.failed),
        ("sql_dump", Some("postgres"), 0)
    );
    let customers = s.tables.iter().find(|t| t.name == "customers").unwrap();
    assert!(customers
        .columns
        .iter()
        .any(|c| c.name == "email" && c.unique && !c.nullable));
    // Inferred relations stay apart from declared keys.
    assert_eq!(s.inferred_relations.len(), 1);
    assert_eq!(s.inferred_relations[0].from_table, "audit_events");
}

#[test]
fn mysqldump_with_hints_locks_and_triggers_parses_cleanly() {
    let s = schema_of("mysql");
    assert_eq!(tables(&s), ["authors", "books"]);
    assert_eq!(keys(&s), ["books(author_id)->authors(id)"]);
    assert_eq!(s.sources[0].dialect.as_deref(), Some("mysql"));
    assert_eq!(s.sources[0].failed, 0);
}

#[test]
fn sqlite_schema_with_trigger_bodies_parses_cleanly() {
    let s = schema_of("sqlite");
    assert_eq!(
        keys(&s),
        ["notes(reply_to)->notes(id)", "notes(user_id)->users(id)"]
    );
    assert_eq!(s.sources[0].dialect.as_deref(), Some("sqlite"));
    assert_eq!(s.sources[0].failed, 0);
}

#[test]
fn sql_migrations_apply_in_numeric_order_and_skip_down_files() {
    let s = schema_of("migrations_app");
    assert_eq!(tables(&s), ["customers", "invoices", "payments"]);
    assert_eq!(
        keys(&s),
        [
            "invoices(account_id)->customers(id)",
            "payments(invoice_id)->invoices(id)"
        ]
    );
    let invoices = s.tables.iter().find(|t| t.name == "invoices").unwrap();
    assert!(!invoices.columns.iter().any(|c| c.name == "legacy_code"));
    assert_eq!(s.sources[0].kind, "sql_migrations");
}

#[test]
fn rails_schema_rb_uses_rails_naming_and_model_ownership() {
    let s = schema_of("rails_app");
    assert_eq!(
        keys(&s),
        [
            "stories(category_id)->categories(id)",
            "stories(merged_story_id)->stories(id)",
            "stories(person_id)->people(id)",
            "taggings(story_id)->stories(id)",
        ]
    );
    // A layered Rails app: the tables belong to the capabilities found
    // around their models, and the join table to the table it points to.
    let stories = s.tables.iter().find(|t| t.name == "stories").unwrap();
    assert_eq!(stories.owner.as_deref(), Some("stories"));
    assert_eq!(stories.owner_reason.as_deref(), Some("model"));
    let taggings = s.tables.iter().find(|t| t.name == "taggings").unwrap();
    assert_eq!(taggings.owner.as_deref(), Some("stories"));
    assert_eq!(taggings.owner_reason.as_deref(), Some("foreign key"));
    // app/services/digest.rb reads stories and people: it joins stories.
    let module = s.modules.iter().find(|m| m.module == "stories").unwrap();
    assert_eq!(module.reads, ["people"]);
    assert_eq!(module.via_models, ["categories", "people"]);
}

#[test]
fn django_models_follow_django_table_and_column_defaults() {
    let s = schema_of("django_shop");
    assert_eq!(
        tables(&s),
        [
            "payments_invoice",
            "payments_payment",
            "shop_customer",
            "shop_order",
            "shop_orderline",
            "shop_product",
            "shop_product_related",
            "shop_product_tag_links",
            "shop_specialorder",
            "tags",
        ]
    );
    let k = keys(&s);
    for expected in [
        "shop_customer(user_id)->auth_user()",
        "shop_order(invoice_ref)->payments_invoice(id)",
        "shop_product_related(from_product_id)->shop_product(id)",
        "shop_product_tag_links(tag_id)->tags(id)",
        "shop_specialorder(order_ptr_id)->shop_order(id)",
        "payments_invoice(order_id)->shop_order(id)",
    ] {
        assert!(
            k.contains(&expected.to_string()),
            "missing {expected} in {k:?}"
        );
    }
    // Abstract fields are inherited; abstract and proxy models make no table.
    let customer = s.tables.iter().find(|t| t.name == "shop_customer").unwrap();
    assert!(customer.columns.iter().any(|c| c.name == "created"));
    assert!(!tables(&s)
        .iter()
        .any(|t| t.contains("timestamped") || t.contains("proxy")));
}

#[test]
fn django_access_answers_who_queries_whose_tables() {
    let s = schema_of("django_shop");
    let m = |name: &str| s.modules.iter().find(|m| m.module == name).unwrap();
    assert_eq!(
        m("notifications").reads,
        ["payments_invoice", "payments_payment"]
    );
    assert_eq!(m("reporting").writes, ["payments_invoice"]);
    assert_eq!(
        m("reporting").via_models,
        ["payments_payment", "shop_customer", "shop_order"]
    );
    assert_eq!(m("reporting").reaches_modules, ["billing", "shop"]);
    // The order ↔ invoice keys cross the shop/billing boundary.
    let crossing: Vec<String> = m("billing")
        .crossing_keys
        .iter()
        .map(|k| format!("{}->{}", k.from_table, k.to_table))
        .collect();
    assert_eq!(
        crossing,
        [
            "payments_invoice->shop_order",
            "shop_order->payments_invoice"
        ]
    );
    assert_eq!(s.migration_order.cycles.len(), 1);
}

#[test]
fn prisma_relations_and_implicit_join_tables() {
    let s = schema_of("prisma_app");
    assert_eq!(
        tables(&s),
        ["Category", "Post", "Profile", "_CategoryToPost", "users"]
    );
    assert_eq!(
        keys(&s),
        [
            "Post(authorId)->users(id)",
            "Profile(user_id)->users(id)",
            "_CategoryToPost(A)->Category(id)",
            "_CategoryToPost(B)->Post(id)",
        ]
    );
}

#[test]
fn sequelize_decorators_and_define_give_keys() {
    let s = schema_of("sequelize_app");
    assert_eq!(tables(&s), ["documents", "stars", "users"]);
    assert_eq!(
        keys(&s),
        [
            "documents(createdById)->users(id)",
            "documents(parentDocumentId)->documents(id)",
            "stars(documentId)->documents(id)",
            "stars(userId)->users(id)",
        ]
    );
}

#[test]
fn knex_create_table_builders_give_keys_and_down_is_ignored() {
    let s = schema_of("knex_app");
    assert_eq!(tables(&s), ["members", "teams"]);
    assert_eq!(
        keys(&s),
        [
            "members(mentor_id)->members(id)",
            "members(team_id)->teams(id)"
        ]
    );
}

#[test]
fn sequelize_query_interface_migrations_replay_in_order() {
    let analysis = analysis_of("sequelize_migrations_app");
    let s = analysis.schema.as_ref().expect("fixture has a schema");
    assert_eq!(tables(s), ["projects", "stars", "teams", "users"]);
    assert_eq!(
        keys(s),
        [
            "projects(createdById)->users(id)",
            "projects(teamId)->teams(id)",
            "stars(projectId)->projects(id)",
            "stars(userId)->users(id)",
        ]
    );
    assert_eq!(s.sources[0].kind, "sequelize_migrations");
    let warned: Vec<String> = analysis
        .warnings
        .iter()
        .map(|w| format!("{}:{}", w.path, w.line.unwrap_or(0)))
        .collect();
    assert_eq!(
        warned,
        ["server/migrations/20200201000000-projects.js:35"],
        "the `${{table}}` query is named"
    );
}

#[test]
fn typeorm_entities_follow_the_default_naming_strategy() {
    // Checked against TypeORM 0.3.28 itself: the same fixture, migrated and
    // synchronized into PostgreSQL 15 (docs/schema.md, "TypeORM").
    let s = schema_of("typeorm_app");
    assert_eq!(
        tables(&s),
        [
            "audit_log",
            "billing.invoice_approver_roles",
            "billing.invoices",
            "category",
            "category_closure",
            "content",
            "profile",
            "role",
            "users",
            "users_roles_role",
        ]
    );
    assert_eq!(
        keys(&s),
        [
            "audit_log(role)->role(role_code)",
            "billing.invoice_approver_roles(invoice_id)->billing.invoices(id)",
            "billing.invoice_approver_roles(role)->role(role_code)",
            "billing.invoices(customer_id)->users(id)",
            "category(parentUuid)->category(uuid)",
            "category_closure(uuid_ancestor)->category(uuid)",
            "category_closure(uuid_descendant)->category(uuid)",
            "content(authorId)->users(id)",
            "content(categoryUuid)->category(uuid)",
            "users(profileId)->profile(id)",
            "users_roles_role(roleRoleCode)->role(role_code)",
            "users_roles_role(usersId)->users(id)",
        ]
    );
    let table = |n: &str| s.tables.iter().find(|t| t.name == n).unwrap();
    let columns = |n: &str| -> Vec<String> {
        let mut c: Vec<String> = table(n).columns.iter().map(|c| c.name.clone()).collect();
        c.sort();
        c
    };
    // Single-table inheritance: the children's columns and the discriminator.
    assert_eq!(
        columns("content"),
        [
            "authorId",
            "categoryUuid",
            "createdAt",
            "id",
            "kind",
            "seconds",
            "title"
        ]
    );
    // `createForeignKeyConstraints: false` keeps the column, not the key.
    assert!(columns("billing.invoices").contains(&"approverId".to_string()));
    assert_eq!(table("role").primary_key, ["role_code"]);
    // Ownership by the entity's module, access through `@InjectRepository(User)`.
    assert_eq!(table("users").owner.as_deref(), Some("src/users"));
    assert_eq!(table("audit_log").owner.as_deref(), Some("src/database"));
    assert!(s.access.iter().any(|a| a.module == "src/billing"
        && a.table == "users"
        && a.file == "src/billing/billing.service.ts"));
    let kinds: Vec<&str> = s.sources.iter().map(|x| x.kind.as_str()).collect();
    assert_eq!(kinds, ["typeorm", "typeorm_migrations"]);
}

#[test]
fn typeorm_migrations_replay_up_in_timestamp_order() {
    let s = schema_of("typeorm_migrations_app");
    assert_eq!(tables(&s), ["clients", "coupons", "orders"]);
    // The coupon key is created, then dropped by name in a later migration;
    // `down()` (drop orders, rename back) never runs.
    assert_eq!(keys(&s), ["orders(client_id)->clients(id)"]);
    let orders = s.tables.iter().find(|t| t.name == "orders").unwrap();
    let cols: Vec<&str> = orders.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(cols, ["id", "client_id", "coupon_code"]);
}

#[test]
fn schema_json_is_stable() {
    let s = schema_of("django_shop");
    insta::assert_json_snapshot!("django_shop_schema", s);
}

#[test]
fn flask_sqlalchemy_models_are_the_schema_and_alembic_agrees() {
    // testdata/schema/flask_app: Flask-SQLAlchemy 2.x models in
    // `core/models.py` (a path the Django reader used to take) and
    // `billing/models.py` (which imports only the app's `db`), and an
    // Alembic history with a merge; Flask-SQLAlchemy 2.5.1 itself gives the
    // same 9 tables and 8 keys (docs/schema.md).
    let s = schema_of("flask_app");
    let kinds: Vec<&str> = s.sources.iter().map(|x| x.kind.as_str()).collect();
    assert_eq!(kinds, ["sqlalchemy", "alembic"]);
    assert_eq!(
        tables(&s),
        [
            "audit_event",
            "events",
            "favorites",
            "invoices",
            "organizations",
            "queries",
            "query_result_http_cache",
            "token2FA",
            "users",
        ]
    );
    assert_eq!(
        keys(&s),
        [
            "audit_event(id)->events(id)",
            "favorites(query_id)->queries(id)",
            "favorites(user_id)->users(id)",
            "invoices(user_id)->users(id)",
            "queries(user_id)->users(id)",
            "query_result_http_cache(query_id)->queries(id)",
            "token2FA(user_id)->users(id)",
            "users(org_id)->organizations(id)",
        ]
    );
    // Single-table inheritance puts LoginEvent's column on `events`.
    let events = s.tables.iter().find(|t| t.name == "events").unwrap();
    assert!(events.columns.iter().any(|c| c.name == "ip"));
    // The alias `Column = partial(db.Column, nullable=False)` holds.
    let users = s.tables.iter().find(|t| t.name == "users").unwrap();
    assert!(users
        .columns
        .iter()
        .all(|c| c.name == "updated_at" || !c.nullable));
    // Ownership and access count SQLAlchemy models as they do Django's.
    let owner = |t: &str| {
        s.tables
            .iter()
            .find(|x| x.name == t)
            .and_then(|x| x.owner.clone())
    };
    assert_eq!(owner("invoices").as_deref(), Some("billing"));
    assert_eq!(owner("queries").as_deref(), Some("core"));
    let reports = s.modules.iter().find(|m| m.module == "reports").unwrap();
    assert_eq!(reports.via_models, ["favorites", "invoices", "queries"]);
    assert_eq!(reports.reaches_modules, ["billing", "core"]);
}
