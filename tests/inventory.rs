//! `planner inventory` on one fixture per framework: endpoints, jobs,
//! schedules and events, with snapshots of the JSON so a change shows up as
//! a reviewed diff, and checks of the behaviours each fixture is there for.
mod common;
use common::*;
use serde_json::Value;

fn inventory_text(name: &str, format: &str) -> String {
    let path = fixture(&format!("inventory/{name}"));
    let out = run(&[
        "inventory",
        path.to_str().unwrap(),
        "--format",
        format,
        "-q",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

fn inventory(name: &str) -> Value {
    serde_json::from_str(&inventory_text(name, "json")).expect("inventory JSON")
}

/// `METHOD path -> handler [module]` per endpoint.
fn routes(inv: &Value) -> Vec<String> {
    inv["endpoints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{} {} -> {} [{}]",
                e["method"].as_str().unwrap_or("ANY"),
                e["path"].as_str().unwrap(),
                e["handler"].as_str().unwrap(),
                e["module"].as_str().unwrap_or("")
            )
        })
        .collect()
}

/// `role name transport` per event (`-` without a transport).
fn events(inv: &Value) -> Vec<String> {
    inv["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{} {} {}",
                e["role"].as_str().unwrap(),
                e["name"].as_str().unwrap(),
                e["transport"].as_str().unwrap_or("-")
            )
        })
        .collect()
}

fn has(list: &[String], wanted: &str) -> bool {
    list.iter().any(|r| r == wanted)
}

fn unresolved_at(inv: &Value) -> Vec<String> {
    inv["unresolved"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| format!("{}:{}", u["file"].as_str().unwrap(), u["line"]))
        .collect()
}

#[test]
fn django_fixture_snapshot() {
    insta::assert_snapshot!("inventory_django", inventory_text("django_app", "json"));
}

#[test]
fn django_include_prefixes_compose_and_views_resolve_to_their_app() {
    let inv = inventory("django_app");
    let r = routes(&inv);
    assert!(has(&r, "ANY /shop/cart/ -> CartView [shop]"), "{r:#?}");
    assert!(
        has(&r, "ANY /payments/webhook/ -> views.webhook [payments]"),
        "{r:#?}"
    );
    // A list included under a prefix, and a DRF router inside it.
    assert!(
        has(&r, "ANY /api/v1/health/ -> shop_views.health [shop]"),
        "{r:#?}"
    );
    assert!(
        has(&r, "ANY /api/v1/refunds/<pk>/ -> RefundViewSet [payments]"),
        "{r:#?}"
    );
    // A dotted-string view resolves to its module.
    assert!(
        has(
            &r,
            "ANY /legacy/(?P<slug>[-\\w]+)/ -> shop.views.legacy [shop]"
        ),
        "{r:#?}"
    );
}

#[test]
fn graphene_root_fields_come_from_mixins_and_are_camel_cased() {
    let inv = inventory("django_app");
    let r = routes(&inv);
    assert!(
        has(
            &r,
            "QUERY Query.productsOnSale -> ShopQueries.products_on_sale [shop]"
        ),
        "{r:#?}"
    );
    assert!(
        has(
            &r,
            "QUERY Query.refunds -> PaymentQueries.refunds [payments]"
        ),
        "{r:#?}"
    );
    assert!(
        has(&r, "MUTATION Mutation.cartAdd -> CartAdd [shop]"),
        "{r:#?}"
    );
}

#[test]
fn celery_beat_entries_belong_to_the_module_of_their_task() {
    let inv = inventory("django_app");
    let beat: Vec<(String, String)> = inv["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|j| j["kind"] == "schedule")
        .map(|j| {
            (
                j["name"].as_str().unwrap().to_string(),
                j["module"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        beat.contains(&("retry-payments".into(), "payments".into())),
        "{beat:?}"
    );
    assert!(
        beat.contains(&("nightly-report".into(), "shop".into())),
        "{beat:?}"
    );
    let tasks = inv["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|j| j["kind"] == "task")
        .count();
    assert_eq!(tasks, 3);
}

#[test]
fn django_loops_and_computed_paths_are_unresolved_with_lines() {
    let inv = inventory("django_app");
    let at = unresolved_at(&inv);
    assert!(at.contains(&"config/urls.py:23".to_string()), "{at:?}"); // for loop
    assert!(at.contains(&"config/urls.py:26".to_string()), "{at:?}"); // comprehension
    assert!(at.contains(&"payments/urls.py:7".to_string()), "{at:?}"); // computed path
}

#[test]
fn events_are_found_by_string_literal_with_their_transport() {
    let inv = inventory("django_app");
    let events = events(&inv);
    for wanted in [
        "publish product.viewed -",
        "consume payment.completed -",
        "consume payments.refund-requested kafka",
        "publish payments.refunded kafka",
    ] {
        assert!(events.iter().any(|e| e == wanted), "{wanted}: {events:?}");
    }
    let payments = inv["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["module"] == "payments")
        .unwrap();
    assert_eq!(
        payments["events_published"],
        serde_json::json!(["payments.refunded"])
    );
}

#[test]
fn flask_and_fastapi_fixtures_snapshot() {
    insta::assert_snapshot!("inventory_flask", inventory_text("flask_app", "json"));
    insta::assert_snapshot!("inventory_fastapi", inventory_text("fastapi_app", "json"));
}

#[test]
fn blueprint_and_router_prefixes_add_up() {
    let flask = routes(&inventory("flask_app"));
    assert!(
        has(
            &flask,
            // register_blueprint(url_prefix="/api") replaces the blueprint's
            // own "/orders", as Flask does (checked against Flask 3.1's url_map).
            "POST /api/<int:order_id>/cancel -> cancel [app/orders]"
        ),
        "{flask:#?}"
    );
    assert!(
        has(&flask, "DELETE /users/<name> -> profile [app/users]"),
        "{flask:#?}"
    );
    assert!(
        has(&flask, "ANY /api/export -> export_orders [app/orders]"),
        "{flask:#?}"
    );
    let fastapi = routes(&inventory("fastapi_app"));
    assert!(
        has(
            &fastapi,
            "PUT /v1/items/{item_id} -> update_item [service/routers]"
        ),
        "{fastapi:#?}"
    );
    assert!(
        has(
            &fastapi,
            "DELETE /v1/users/{user_id} -> delete_user [service/routers]"
        ),
        "{fastapi:#?}"
    );
    assert!(
        has(
            &fastapi,
            "PATCH /v1/items/{item_id}/sync -> sync_item [service/routers]"
        ),
        "{fastapi:#?}"
    );
}

#[test]
fn rails_fixture_snapshot() {
    insta::assert_snapshot!("inventory_rails", inventory_text("rails_app", "json"));
    insta::assert_snapshot!(
        "inventory_rails_markdown",
        inventory_text("rails_app", "markdown")
    );
}

#[test]
fn rails_resources_expand_like_the_router() {
    let r = routes(&inventory("rails_app"));
    // except: [:destroy] keeps the other seven (update is PATCH and PUT).
    let articles = r
        .iter()
        .filter(|x| {
            x.contains("-> articles#")
                && !x.contains(":id/publish")
                && !x.contains("drafts")
                && !x.contains("like")
        })
        .count();
    assert_eq!(articles, 7, "{r:#?}");
    assert!(!r.iter().any(|x| x.contains("articles#destroy")), "{r:#?}");
    assert!(
        has(
            &r,
            "GET /articles/:article_id/comments -> comments#index [app/controllers]"
        ),
        "{r:#?}"
    );
    assert!(
        has(
            &r,
            "POST /articles/:id/publish -> articles#publish [app/controllers]"
        ),
        "{r:#?}"
    );
    assert!(
        has(
            &r,
            "GET /articles/drafts -> articles#drafts [app/controllers]"
        ),
        "{r:#?}"
    );
    assert!(
        has(
            &r,
            "POST /articles/:article_id/like -> articles#like [app/controllers]"
        ),
        "{r:#?}"
    );
    assert!(
        has(&r, "GET /admin/users -> admin/users#index [Admin]"),
        "{r:#?}"
    );
    assert!(
        has(&r, "GET /api/status -> api/status#show [config]"),
        "{r:#?}"
    );
    assert!(has(&r, "POST /search -> search#index [config]"), "{r:#?}");
    assert!(has(&r, "ANY /sidekiq -> Sidekiq::Web [config]"), "{r:#?}");
    assert!(has(&r, "GET /profile -> profiles#show [config]"), "{r:#?}");
    let inv = inventory("rails_app");
    let at = unresolved_at(&inv);
    assert!(at.contains(&"config/routes.rb:33".to_string()), "{at:?}");
    assert!(at.contains(&"config/routes.rb:37".to_string()), "{at:?}");
    // Concerns expand in the scope of the resource that uses them.
    assert!(
        has(&r, "GET /photos/:photo_id/notes -> notes#index [config]"),
        "{r:#?}"
    );
    assert!(
        has(&r, "GET /videos/:video_id/notes -> notes#index [config]"),
        "{r:#?}"
    );
    assert!(at.contains(&"config/routes.rb:45".to_string()), "{at:?}"); // undefined concern
}

#[test]
fn ruby_jobs_and_schedules_are_found() {
    let inv = inventory("rails_app");
    let jobs: Vec<String> = inv["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| {
            format!(
                "{} {} {} [{}]",
                j["framework"].as_str().unwrap(),
                j["kind"].as_str().unwrap(),
                j["name"].as_str().unwrap(),
                j["module"].as_str().unwrap_or("")
            )
        })
        .collect();
    for wanted in [
        "activejob worker DigestJob [app/jobs]",
        "sidekiq worker CleanupWorker [app/workers]",
        "sidekiq-cron schedule nightly_cleanup [app/workers]",
        "whenever schedule runner Article.expire_stale! [app/models]",
    ] {
        assert!(jobs.iter().any(|j| j == wanted), "{wanted}: {jobs:#?}");
    }
    assert!(
        !jobs.iter().any(|j| j.contains("ApplicationJob")),
        "{jobs:#?}"
    );
}

#[test]
fn express_and_koa_fixtures_snapshot() {
    insta::assert_snapshot!("inventory_express", inventory_text("express_app", "json"));
    insta::assert_snapshot!("inventory_koa", inventory_text("koa_app", "json"));
}

#[test]
fn express_mounts_add_prefixes_across_files() {
    let r = routes(&inventory("express_app"));
    assert!(has(&r, "GET /api/users/:id -> showUser [src]"), "{r:#?}");
    assert!(
        has(&r, "PUT /api/users/:id/avatar -> <inline> [src/routes]"),
        "{r:#?}"
    );
    assert!(
        has(&r, "DELETE /api/orders/:id -> <inline> [src/routes]"),
        "{r:#?}"
    );
    assert!(!r.iter().any(|x| x.contains("view engine")), "{r:#?}");
}

#[test]
fn koa_mount_and_router_prefix_compose() {
    let inv = inventory("koa_app");
    let r = routes(&inv);
    assert!(
        has(&r, "POST /api/v2/documents.list -> <inline> [server/api]"),
        "{r:#?}"
    );
    let jobs: Vec<&str> = inv["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["name"].as_str().unwrap())
        .collect();
    assert_eq!(jobs, ["events", "tasks", "CleanupTask"]);
    assert!(unresolved_at(&inv).contains(&"server/api/index.ts:10".to_string()));
}

#[test]
fn nextjs_fixture_snapshot() {
    insta::assert_snapshot!("inventory_nextjs", inventory_text("next_app", "json"));
    let r = routes(&inventory("next_app"));
    assert!(has(&r, "GET /api/hello -> GET [app/(marketing)]"), "{r:#?}");
    assert!(
        has(&r, "ANY /api/users/[id] -> default [pages/api]"),
        "{r:#?}"
    );
    assert!(has(&r, "POST /api/orders -> POST [app/api]"), "{r:#?}");
}

#[test]
fn bad_input_gives_unresolved_entries_with_locations_never_a_crash() {
    insta::assert_snapshot!("inventory_bad_input", inventory_text("bad_input", "json"));
    let inv = inventory("bad_input");
    let at = unresolved_at(&inv);
    for wanted in [
        "config/routes.rb:4", // loop
        "config/routes.rb:8", // interpolated path
        "config/routes.rb:9", // instance_eval
        "shop/urls.py:11",    // loop
        "web/server.js:6",    // forEach
        "web/latin1.js:3",    // not UTF-8
    ] {
        assert!(at.contains(&wanted.to_string()), "{wanted}: {at:?}");
    }
    // What parses is still read.
    let r = routes(&inv);
    assert!(has(&r, "GET /ok -> pages#ok [config]"), "{r:#?}");
    assert!(has(&r, "GET /fine -> <inline> [web]"), "{r:#?}");
}

#[test]
fn module_filter_and_unknown_module() {
    let path = fixture("inventory/django_app");
    let out = run(&[
        "inventory",
        path.to_str().unwrap(),
        "--format",
        "json",
        "--module",
        "payments",
        "-q",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let inv: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(inv["endpoints"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["module"] == "payments"));
    assert_eq!(inv["modules"].as_array().unwrap().len(), 1);
    let out = run(&[
        "inventory",
        path.to_str().unwrap(),
        "--module",
        "nope",
        "-q",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no module named \"nope\""),
        "{}",
        stderr(&out)
    );
}

#[test]
fn inventory_is_the_same_whatever_the_thread_count() {
    let path = fixture("inventory/django_app");
    let once = |threads: &str| {
        let out = planner()
            .env("RAYON_NUM_THREADS", threads)
            .args([
                "inventory",
                path.to_str().unwrap(),
                "--format",
                "json",
                "-q",
            ])
            .output()
            .unwrap();
        out.stdout
    };
    assert_eq!(once("1"), once("4"));
}

#[test]
fn unterminated_literals_with_multibyte_characters_never_crash() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("config")).unwrap();
    std::fs::create_dir_all(root.join("web")).unwrap();
    std::fs::write(
        root.join("config/routes.rb"),
        "Rails.application.routes.draw do\n  get \"/café => \"pages#x\"\nend\n",
    )
    .unwrap();
    std::fs::write(
        root.join("urls.py"),
        "urlpatterns = [path(\"é/, views.x)]\n",
    )
    .unwrap();
    std::fs::write(
        root.join("web/app.js"),
        "const app = express();\napp.get(\"/é, (req, res) => res.end());\napp.get(`/ü, h);\n",
    )
    .unwrap();
    std::fs::write(
        root.join("web/cron.js"),
        "cron.schedule(\"* * ü, f);\nemit(\"a.é\n",
    )
    .unwrap();
    let out = run(&[
        "inventory",
        root.to_str().unwrap(),
        "--format",
        "json",
        "-q",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let inv: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!inv["unresolved"].as_array().unwrap().is_empty());
}

#[test]
fn analyze_puts_the_inventory_in_analysis_json_and_the_report() {
    let out = tempfile::tempdir().unwrap();
    let repo = fixture("inventory/django_app");
    let run = run(&[
        "analyze",
        repo.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "-q",
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    let report = std::fs::read_to_string(out.path().join("report.md")).unwrap();
    assert!(report.contains("## Boundary inventory"), "{report}");
    // shop: 5 URLs (3 under /shop/, the health view, the legacy view) and 3
    // GraphQL fields; payments: the webhook, 2 router routes and 1 field.
    assert!(
        report.contains("| `shop` | 0 | 8 | 4 | 2 | 1 |"),
        "{report}"
    );
    let a: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("analysis.json")).unwrap())
            .unwrap();
    assert_eq!(a["inventory"]["endpoints"].as_array().unwrap().len(), 12);
}

#[test]
fn bullmq_cron_libraries_and_rabbitmq_are_found() {
    let inv = inventory("express_app");
    let jobs: Vec<String> = inv["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| {
            format!(
                "{} {} {}",
                j["framework"].as_str().unwrap(),
                j["kind"].as_str().unwrap(),
                j["name"].as_str().unwrap()
            )
        })
        .collect();
    for wanted in [
        "bullmq queue invoices",
        "bullmq processor invoices",
        "cron schedule CronJob 0 0 * * *",
        "node-schedule schedule reminders",
        "node-cron schedule cron */5 * * * *",
        "bull queue mail",
    ] {
        assert!(jobs.iter().any(|j| j == wanted), "{wanted}: {jobs:#?}");
    }
    let events = events(&inv);
    assert!(
        events.contains(&"publish invoices.issued rabbitmq".to_string()),
        "{events:?}"
    );
    assert!(
        events.contains(&"consume payments.received rabbitmq".to_string()),
        "{events:?}"
    );
}

#[test]
fn a_logging_emit_is_not_an_event_but_a_real_publisher_is() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    // kitsune's shape: `emit` writes a structured log line.
    write("retrieval/__init__.py", "");
    write(
        "retrieval/events.py",
        "import logging\nlog = logging.getLogger('k')\n\ndef emit(event, **fields):\n    log.info(event, extra=fields)\n",
    );
    write(
        "retrieval/sync.py",
        "from retrieval.events import emit\n\ndef run():\n    emit(\"retrieval.sync.completed\", count=1)\n",
    );
    // Real publishers: a bus object, and a publish wrapper around redis; and
    // kitsune's locks.py: redis imported for a lock, emit still a log line.
    write("orders/__init__.py", "");
    write(
        "orders/service.py",
        "def pay(event_bus):\n    event_bus.emit(\"order.paid\")\n",
    );
    write(
        "orders/notify.py",
        "import redis\n\nr = redis.Redis()\n\ndef publish(name):\n    r.publish(name, \"\")\n\ndef done():\n    publish(\"order.shipped\")\n",
    );
    write(
        "retrieval/locks.py",
        "from redis.exceptions import LockNotOwnedError\nfrom retrieval.events import emit\n\ndef lost():\n    emit(\"retrieval.lock.lost\")\n",
    );
    let out = run(&[
        "inventory",
        root.to_str().unwrap(),
        "--format",
        "json",
        "-q",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let inv: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = events(&inv);
    assert!(!found.iter().any(|e| e.contains("retrieval.")), "{found:?}");
    assert!(has(&found, "publish order.paid -"), "{found:?}");
    assert!(has(&found, "publish order.shipped -"), "{found:?}");
}

#[test]
fn nestjs_fixture_snapshot() {
    insta::assert_snapshot!("inventory_nestjs", inventory_text("nest_app", "json"));
}

#[test]
fn nestjs_routes_join_global_prefix_version_controller_and_method() {
    let inv = inventory("nest_app");
    let r = routes(&inv);
    for wanted in [
        // const path, defaultVersion '1', global prefix.
        "GET /api/v1/users -> UsersController.list [src/users]",
        // @Version('2') on the method wins over the default.
        "GET /api/v2/users/:id -> UsersController.show [src/users]",
        // Array path, one with a same-file const in a template.
        "POST /api/v1/users/bulk/users -> UsersController.invite [src/users]",
        "POST /api/v1/users/invite -> UsersController.invite [src/users]",
        // @All takes every method.
        "ANY /api/v1/users/legacy/*path -> UsersController.legacy [src/users]",
        // VERSION_NEUTRAL and excluded from the prefix.
        "GET /health -> HealthController.check [src/health]",
        "HEAD /api/health/deep -> HealthController.deep [src/health]",
        // Excluded for GET only, and the exclusion ignores the version.
        "GET /v1/status -> StatusController.status [src/health]",
        "POST /api/v1/status -> StatusController.touch [src/health]",
        // Path and version arrays, under a RouterModule path that
        // app.module.ts gives AdminModule (whose @Module lists the controller).
        "DELETE /api/v2/manage/backoffice/users/:id -> AdminController.remove [src/admin]",
        // A second app with its own prefix and no versioning.
        "GET /internal/jobs -> OpsController.list [apps/ops]",
        // GraphQL root fields; `name:` wins over the method name.
        "QUERY Query.me -> UsersResolver.currentUser [src/users]",
        "MUTATION Mutation.createUser -> UsersResolver.createUser [src/users]",
        "SUBSCRIPTION Subscription.userAdded -> UsersResolver.userAdded [src/users]",
    ] {
        assert!(has(&r, wanted), "{wanted}\n{r:#?}");
    }
    assert_eq!(r.len(), 22, "{r:#?}");
    assert!(
        !r.iter().any(|x| x.contains("posts")),
        "ResolveField listed: {r:#?}"
    );
    assert!(inv["endpoints"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["framework"] == "nestjs"));
    let at = unresolved_at(&inv);
    for wanted in [
        "src/users/users.controller.ts:26", // @Get(EXPORT_PATH), imported
        "src/legacy/base.controller.ts:4",  // no @Controller
        "src/orders/orders.listener.ts:18", // @OnEvent(ORDER_EVENTS.CANCELLED)
        "src/app.module.ts:13",             // RouterModule path for a package's module
    ] {
        assert!(at.contains(&wanted.to_string()), "{wanted}: {at:?}");
    }
}

#[test]
fn nestjs_jobs_and_events() {
    let inv = inventory("nest_app");
    let jobs: Vec<String> = inv["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| {
            format!(
                "{} {} {} [{}]",
                j["kind"].as_str().unwrap(),
                j["name"].as_str().unwrap(),
                j["schedule"].as_str().unwrap_or("-"),
                j["module"].as_str().unwrap_or("")
            )
        })
        .collect();
    for wanted in [
        "processor mail: welcome - [src/mail]",
        "processor mail - [src/mail]",
        "processor reports - [src/reports]",
        "schedule hourly 0 * * * * [src/tasks]",
        "schedule TasksService.nightly CronExpression.EVERY_DAY_AT_MIDNIGHT [src/tasks]",
        "schedule TasksService.poll every 10000 ms [src/tasks]",
        "schedule warm-up once, after 5000 ms [src/tasks]",
    ] {
        assert!(has(&jobs, wanted), "{wanted}\n{jobs:#?}");
    }
    assert_eq!(jobs.len(), 7, "{jobs:#?}");
    let ev = events(&inv);
    for wanted in [
        "consume order.created event-emitter",
        "consume order.shipped event-emitter",
        "consume invoice.issued kafka",
        "consume { cmd: 'sum' } microservices",
        "publish order.confirmed -",
    ] {
        assert!(has(&ev, wanted), "{wanted}\n{ev:#?}");
    }
    // Each @OnEvent once, not again as a generic `onEvent(…)` call.
    assert_eq!(ev.len(), 6, "{ev:#?}");
}

#[test]
fn nestjs_endpoints_reach_the_integration_approach() {
    let path = fixture("inventory/nest_app");
    let out = run(&["adr", "src/users", path.to_str().unwrap(), "-q"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("API endpoints (nestjs)"), "{text}");
    // The resolver's root fields call for a federating gateway.
    assert!(text.contains("federating gateway"), "{text}");
}

#[test]
fn flask_restx_and_restful_resources_give_one_endpoint_per_method() {
    let inv = inventory("flask_restx_app");
    let list = routes(&inv);
    for wanted in [
        // Blueprint /api + Api prefix /v1 + add_namespace path replacing "/users".
        "GET /api/v1/people -> UserList.get [app/api]",
        "POST /api/v1/people -> UserList.post [app/api]",
        // Two URLs on one @ns.route; `get` inherited from base.py's ReadOnly.
        "GET /api/v1/people/<int:id> -> User.get [app/api]",
        "DELETE /api/v1/people/by-id/<int:id> -> User.delete [app/api]",
        // Namespace(path=...) added without a path keeps its own.
        "PUT /api/v1/shop/orders/<int:order_id> -> Order.put [app/api]",
        "GET /api/v1/healthz -> Health.get [app/api]",
        // Flask-RESTful through an add_org_resource wrapper, Api(prefix=...).
        "PATCH /legacy/things/<item_id> -> ItemResource.patch [legacy]",
        "GET /legacy/items -> ItemListResource.get [legacy]",
        // MethodView via add_url_rule(view_func=Ping.as_view(...)).
        "POST /ping -> Ping.post [app]",
        // Api(admin_bp) with the blueprint imported from another file.
        "GET /admin/stats -> Stats.get [app]",
    ] {
        assert!(has(&list, wanted), "{wanted} missing from {list:#?}");
    }
    let endpoints = inv["endpoints"].as_array().unwrap();
    let count = |fw: &str| endpoints.iter().filter(|e| e["framework"] == fw).count();
    assert_eq!(count("flask-restx"), 11, "{list:#?}");
    assert_eq!(count("flask-restful"), 5, "{list:#?}");
    assert_eq!(count("flask"), 2, "{list:#?}");
    // No endpoint for non-HTTP methods (`format`, `_helper`) or for the
    // namespace's own name.
    assert!(!list
        .iter()
        .any(|r| r.contains("format") || r.contains("/api/v1/users")));
    let health = endpoints
        .iter()
        .find(|e| e["handler"] == "Health.get")
        .unwrap();
    assert_eq!(health["file"], "app/api/__init__.py");
    assert_eq!(health["handler_file"], "app/api/health.py");
    let unresolved: Vec<String> = inv["unresolved"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| format!("{}:{}", u["file"].as_str().unwrap(), u["line"]))
        .collect();
    assert_eq!(
        unresolved,
        vec![
            "app/api/__init__.py:17",
            "app/api/__init__.py:18",
            "app/api/__init__.py:19"
        ]
    );
}
