//! Capability discovery: a layered Rails app is cut by business entity,
//! not by folder; tests follow the capability they exercise; the shared
//! kernel is reported but never ranked; `planner init` writes the modules
//! back as declarations that reproduce them.
mod common;
use common::*;
use std::path::Path;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Orders and payments, each with a model, a controller, a job or mailer
/// and a spec, over `ApplicationRecord` and `ApplicationController`.
fn layered_shop(root: &Path) {
    write(
        root,
        "db/schema.rb",
        r#"ActiveRecord::Schema.define(version: 1) do
  create_table "orders" do |t|
    t.integer "customer_id"
  end
  create_table "order_lines" do |t|
    t.integer "order_id"
  end
  create_table "payments" do |t|
    t.integer "order_id"
  end
  create_table "refunds" do |t|
    t.integer "payment_id"
  end
  create_table "customers" do |t|
    t.string "name"
  end
  add_foreign_key "order_lines", "orders"
  add_foreign_key "payments", "orders"
  add_foreign_key "refunds", "payments"
  add_foreign_key "orders", "customers"
end
"#,
    );
    write(
        root,
        "app/models/application_record.rb",
        "class ApplicationRecord < ActiveRecord::Base\n  self.abstract_class = true\nend\n",
    );
    write(
        root,
        "app/models/order.rb",
        "class Order < ApplicationRecord\n  has_many :order_lines\n  belongs_to :customer\nend\n",
    );
    write(
        root,
        "app/models/order_line.rb",
        "class OrderLine < ApplicationRecord\n  belongs_to :order\nend\n",
    );
    write(
        root,
        "app/models/customer.rb",
        "class Customer < ApplicationRecord\n  has_many :orders\nend\n",
    );
    write(
        root,
        "app/models/payment.rb",
        "class Payment < ApplicationRecord\n  belongs_to :order\n  has_many :refunds\nend\n",
    );
    write(
        root,
        "app/models/refund.rb",
        "class Refund < ApplicationRecord\n  belongs_to :payment\nend\n",
    );
    write(
        root,
        "app/controllers/application_controller.rb",
        "class ApplicationController < ActionController::Base\nend\n",
    );
    write(
        root,
        "app/controllers/orders_controller.rb",
        "class OrdersController < ApplicationController\n  def index\n    Order.all\n  end\nend\n",
    );
    write(root, "app/controllers/payments_controller.rb", "class PaymentsController < ApplicationController\n  def create\n    Payment.create\n  end\nend\n");
    write(
        root,
        "app/jobs/payment_capture_job.rb",
        "class PaymentCaptureJob\n  def perform(id)\n    Payment.find(id)\n  end\nend\n",
    );
    write(
        root,
        "app/mailers/order_mailer.rb",
        "class OrderMailer\n  def confirm(o)\n    Order.find(o)\n  end\nend\n",
    );
    write(
        root,
        "app/services/checkout.rb",
        "class Checkout\n  def run\n    Order.new\n    OrderLine.new\n  end\nend\n",
    );
    write(
        root,
        "spec/models/payment_spec.rb",
        "describe Payment do\nend\n",
    );
    write(
        root,
        "spec/requests/orders_spec.rb",
        "describe OrdersController do\nend\n",
    );
}

fn analyze(root: &Path) -> serde_json::Value {
    let out = tempfile::tempdir().unwrap();
    let o = run(&[
        "analyze",
        root.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&std::fs::read(out.path().join("analysis.json")).unwrap()).unwrap()
}

/// The ranked candidates' module names, best first.
fn ranked(a: &serde_json::Value) -> Vec<&str> {
    a["candidates"]["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["module"].as_str().unwrap())
        .collect()
}

fn module_of<'a>(a: &'a serde_json::Value, file: &str) -> &'a str {
    a["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == file)
        .and_then(|f| f["module"].as_str())
        .unwrap_or_else(|| panic!("{file} not analysed"))
}

#[test]
fn a_layered_rails_app_is_cut_by_entity_across_layers() {
    let dir = tempfile::tempdir().unwrap();
    layered_shop(dir.path());
    let a = analyze(dir.path());
    let orders = module_of(&a, "app/models/order.rb");
    let payments = module_of(&a, "app/models/payment.rb");
    assert_ne!(orders, payments);
    for file in [
        "app/models/order_line.rb",
        "app/controllers/orders_controller.rb",
        "app/mailers/order_mailer.rb",
        "app/services/checkout.rb",
    ] {
        assert_eq!(module_of(&a, file), orders, "{file}");
    }
    for file in [
        "app/models/refund.rb",
        "app/controllers/payments_controller.rb",
        "app/jobs/payment_capture_job.rb",
    ] {
        assert_eq!(module_of(&a, file), payments, "{file}");
    }
    // No layer folder is a module any more.
    let names: Vec<&str> = a["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert!(!names.iter().any(|n| n.starts_with("app/")), "{names:?}");
}

#[test]
fn each_placed_file_says_why_and_how_sure() {
    let dir = tempfile::tempdir().unwrap();
    layered_shop(dir.path());
    let a = analyze(dir.path());
    let file = |id: &str| {
        a["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == id)
            .unwrap()
            .clone()
    };
    let controller = file("app/controllers/payments_controller.rb");
    assert_eq!(controller["placed_by"], "its name names the entity payment");
    assert_eq!(controller["confidence"], 0.9);
    let checkout = file("app/services/checkout.rb");
    assert!(
        checkout["placed_by"]
            .as_str()
            .unwrap()
            .contains("of its references are to this capability"),
        "{checkout}"
    );
}

#[test]
fn tests_follow_their_capability_and_are_never_candidates() {
    let dir = tempfile::tempdir().unwrap();
    layered_shop(dir.path());
    let a = analyze(dir.path());
    assert_eq!(
        module_of(&a, "spec/models/payment_spec.rb"),
        module_of(&a, "app/models/payment.rb")
    );
    assert_eq!(
        module_of(&a, "spec/requests/orders_spec.rb"),
        module_of(&a, "app/models/order.rb")
    );
    let spec = a["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "spec/models/payment_spec.rb")
        .unwrap();
    assert_eq!(spec["role"], "test");
    let ranked = ranked(&a);
    assert!(!ranked.contains(&"shared_kernel"), "{ranked:?}");
    assert_eq!(
        module_of(&a, "app/models/application_record.rb"),
        "shared_kernel"
    );
}

#[test]
fn a_test_suite_folder_is_never_a_candidate() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "shop/billing/__init__.py", "");
    write(dir.path(), "shop/billing/invoice.py", "X = 1\n");
    write(
        dir.path(),
        "playwright_tests/pages/login_page.py",
        "from shop.billing import invoice\n",
    );
    write(dir.path(), "playwright_tests/flows/checkout.py", "Y = 2\n");
    write(dir.path(), "webpack/build.js", "module.exports = {};\n");
    let a = analyze(dir.path());
    let ranked = ranked(&a);
    assert!(
        ranked
            .iter()
            .all(|m| !m.starts_with("playwright") && !m.starts_with("webpack")),
        "{ranked:?}"
    );
}

#[test]
fn init_declares_the_modules_found_and_they_reproduce_the_partition() {
    let dir = tempfile::tempdir().unwrap();
    layered_shop(dir.path());
    let before = analyze(dir.path());
    let o = run(&["init", dir.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let toml = std::fs::read_to_string(dir.path().join("planner.toml")).unwrap();
    assert!(toml.contains("[modules.declare]"), "{toml}");
    let after = analyze(dir.path());
    for file in before["files"].as_array().unwrap() {
        let id = file["id"].as_str().unwrap();
        if file["role"] == "production" {
            assert_eq!(module_of(&after, id), file["module"], "{id}");
        }
    }
    let declared = after["modules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["kind"] == "declared")
        .count();
    assert!(declared >= 3, "{declared}");
}

#[test]
fn a_policy_naming_a_missing_module_is_an_input_error_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    layered_shop(dir.path());
    let before = analyze(dir.path());
    let payments = module_of(&before, "app/models/payment.rb").to_string();
    let typo = payments.trim_end_matches('s').to_string() + "x";
    write(
        dir.path(),
        "planner.toml",
        &format!("[policy]\nextracting = [\"{typo}\"]\n"),
    );
    let out = tempfile::tempdir().unwrap();
    let o = run(&[
        "analyze",
        dir.path().to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains(&format!("did you mean {payments:?}")), "{err}");
}

/// A Flask app whose SQLAlchemy models all live in `models/__init__.py`
/// (redash's layout): the entities are its tables, never `init`, and the
/// packages' `__init__.py` files do not gather into an `inits` capability.
#[test]
fn models_in_a_package_init_name_their_tables_not_init() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "app/models/__init__.py",
        "from flask_sqlalchemy import SQLAlchemy\ndb = SQLAlchemy()\n\n\
class Dashboard(db.Model):\n    __tablename__ = \"dashboards\"\n    id = db.Column(db.Integer, primary_key=True)\n\n\
class Widget(db.Model):\n    __tablename__ = \"widgets\"\n    id = db.Column(db.Integer, primary_key=True)\n    dashboard_id = db.Column(db.Integer, db.ForeignKey(\"dashboards.id\"))\n\n\
class Alert(db.Model):\n    __tablename__ = \"alerts\"\n    id = db.Column(db.Integer, primary_key=True)\n",
    );
    write(root, "app/__init__.py", "");
    write(root, "app/handlers/__init__.py", "");
    write(
        root,
        "app/handlers/dashboards.py",
        "from app.models import Dashboard, Widget\n\ndef show(i):\n    return Dashboard, Widget, i\n",
    );
    write(
        root,
        "app/handlers/alerts.py",
        "from app.models import Alert\n\ndef show(i):\n    return Alert, i\n",
    );
    write(root, "app/tasks/__init__.py", "");
    write(
        root,
        "app/tasks/alerts.py",
        "from app.models import Alert\n\ndef check():\n    return Alert\n",
    );
    write(
        root,
        "app/tasks/dashboards.py",
        "from app.models import Dashboard\n\ndef refresh():\n    return Dashboard\n",
    );
    let a = analyze(root);
    let modules: Vec<&str> = a["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert!(!modules.iter().any(|m| m.contains("init")), "{modules:?}");
    assert_eq!(
        module_of(&a, "app/handlers/alerts.py"),
        module_of(&a, "app/tasks/alerts.py")
    );
    assert_ne!(
        module_of(&a, "app/handlers/alerts.py"),
        module_of(&a, "app/handlers/dashboards.py")
    );
    // Each table of the shared model file belongs to its entity's capability.
    let owner = |table: &str| {
        a["schema"]["tables"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == table)
            .map(|t| (t["owner"].clone(), t["owner_reason"].clone()))
            .unwrap()
    };
    let alerts = module_of(&a, "app/handlers/alerts.py");
    let dashboards = module_of(&a, "app/handlers/dashboards.py");
    assert_eq!(owner("alerts"), (alerts.into(), "entity".into()));
    assert_eq!(owner("dashboards"), (dashboards.into(), "entity".into()));
}

/// The redash fixture's back end plus a layered React front end under
/// `client/app` (pages, components, services): the screens of a capability
/// join it, widgets do not make entities, and a feature folder that only
/// has its own `components/` beside `commands/` stays one module.
fn flask_with_front_end(root: &Path) {
    write(
        root,
        "app/models/__init__.py",
        "from flask_sqlalchemy import SQLAlchemy\ndb = SQLAlchemy()\n\n\
class Dashboard(db.Model):\n    __tablename__ = \"dashboards\"\n    id = db.Column(db.Integer, primary_key=True)\n\n\
class Query(db.Model):\n    __tablename__ = \"queries\"\n    id = db.Column(db.Integer, primary_key=True)\n\n\
class Alert(db.Model):\n    __tablename__ = \"alerts\"\n    id = db.Column(db.Integer, primary_key=True)\n    query_id = db.Column(db.Integer, db.ForeignKey(\"queries.id\"))\n",
    );
    write(root, "app/__init__.py", "");
    write(root, "app/handlers/__init__.py", "");
    for (name, class) in [
        ("dashboards", "Dashboard"),
        ("queries", "Query"),
        ("alerts", "Alert"),
    ] {
        write(
            root,
            &format!("app/handlers/{name}.py"),
            &format!("from app.models import {class}\n\ndef show(i):\n    return {class}, i\n"),
        );
        write(
            root,
            &format!("app/tasks/{name}.py"),
            &format!("from app.models import {class}\n\ndef run():\n    return {class}\n"),
        );
    }
    write(root, "app/tasks/__init__.py", "");
    // 71 connectors in redash: a folder whose name only starts with an entity.
    write(
        root,
        "app/query_runner/__init__.py",
        "class BaseQueryRunner:\n    pass\n",
    );
    for db in ["pg", "mysql", "sqlite"] {
        write(
            root,
            &format!("app/query_runner/{db}.py"),
            "from app.query_runner import BaseQueryRunner\n\nclass Runner(BaseQueryRunner):\n    pass\n",
        );
    }
    for (dir, file) in [
        ("pages/dashboards", "DashboardPage.jsx"),
        ("pages/dashboards", "DashboardList.jsx"),
        ("pages/queries", "QueryView.jsx"),
        ("pages/queries", "QuerySource.jsx"),
        ("pages/alerts", "AlertPage.jsx"),
        ("components/dashboards", "DashboardGrid.jsx"),
        ("components/queries", "QueryEditor.jsx"),
        ("components/dynamic-form", "DynamicForm.jsx"),
        ("components/dynamic-form", "Field.jsx"),
    ] {
        write(
            root,
            &format!("client/app/{dir}/{file}"),
            "import React from \"react\";\nexport default function X() { return null; }\n",
        );
    }
    // The front end is a package of its own, with its own layers.
    write(root, "client/package.json", "{\"name\": \"client\"}\n");
    // A library package with one layer (`helpers/`) is not cut.
    write(root, "lib/ui/package.json", "{\"name\": \"ui\"}\n");
    write(root, "lib/ui/helpers/query.js", "export const q = 1;\n");
    write(root, "lib/ui/helpers/dashboard.js", "export const d = 1;\n");
    write(root, "lib/ui/utils/format.js", "export const f = 1;\n");
    write(
        root,
        "client/app/services/query.js",
        "export function run() { return 1; }\n",
    );
    write(
        root,
        "client/app/services/dashboard.js",
        "export function load() { return 1; }\n",
    );
    // A feature folder with its own layers: not a layered front end.
    for rel in [
        "shared/editor/components/Toolbar.tsx",
        "shared/editor/components/Menu.tsx",
        "shared/editor/commands/bold.ts",
        "shared/editor/commands/italic.ts",
        "shared/editor/index.ts",
    ] {
        write(root, rel, "export const x = 1;\n");
    }
}

#[test]
fn a_layered_front_end_joins_the_capabilities_of_its_screens() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    flask_with_front_end(root);
    let a = analyze(root);
    let queries = module_of(&a, "app/handlers/queries.py");
    let dashboards = module_of(&a, "app/handlers/dashboards.py");
    assert_ne!(queries, dashboards);
    for file in [
        "client/app/pages/queries/QueryView.jsx",
        "client/app/pages/queries/QuerySource.jsx",
        "client/app/components/queries/QueryEditor.jsx",
        "client/app/services/query.js",
    ] {
        assert_eq!(module_of(&a, file), queries, "{file}");
    }
    for file in [
        "client/app/pages/dashboards/DashboardPage.jsx",
        "client/app/components/dashboards/DashboardGrid.jsx",
        "client/app/services/dashboard.js",
    ] {
        assert_eq!(module_of(&a, file), dashboards, "{file}");
    }
    // A widget folder is not an entity.
    let modules: Vec<&str> = a["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert!(
        !modules.iter().any(|m| m.contains("dynamic")),
        "{modules:?}"
    );
    // A package without layered folders is a library: whole.
    for file in ["lib/ui/helpers/query.js", "lib/ui/helpers/dashboard.js"] {
        assert_eq!(module_of(&a, file), "lib/ui", "{file}");
    }
    // `components/` beside `commands/` in a feature folder is not a layer.
    let editor = module_of(&a, "shared/editor/commands/bold.ts");
    assert_eq!(
        module_of(&a, "shared/editor/components/Toolbar.tsx"),
        editor
    );
    assert_eq!(module_of(&a, "shared/editor/index.ts"), editor);
}

#[test]
fn a_folder_named_after_an_entity_and_more_is_not_that_entity() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    flask_with_front_end(root);
    let a = analyze(root);
    let queries = module_of(&a, "app/handlers/queries.py");
    for db in ["pg", "mysql", "sqlite"] {
        let file = format!("app/query_runner/{db}.py");
        assert_ne!(module_of(&a, &file), queries, "{file}");
    }
}

/// A workspace package of shared types that every other package imports,
/// and that imports none of them, is their common language: reported as
/// support, never ranked. A package nobody imports still is.
#[test]
fn a_types_package_every_package_imports_is_not_a_candidate() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "package.json",
        "{\"private\": true, \"workspaces\": [\"packages/*\"]}\n",
    );
    write(
        root,
        "packages/data/package.json",
        "{\"name\": \"@shop/data\"}\n",
    );
    write(
        root,
        "packages/data/src/index.ts",
        "export interface Order { id: string }\nexport interface Payment { id: string }\n",
    );
    for name in [
        "orders", "payments", "invoices", "refunds", "shipping", "search",
    ] {
        write(
            root,
            &format!("packages/{name}/package.json"),
            &format!("{{\"name\": \"@shop/{name}\"}}\n"),
        );
        write(
            root,
            &format!("packages/{name}/src/index.ts"),
            "import { Order } from \"@shop/data\";\nexport const f = (o: Order) => o.id;\n",
        );
    }
    let a = analyze(root);
    let ranked = ranked(&a);
    assert!(!ranked.contains(&"packages/data"), "{ranked:?}");
    assert!(ranked.contains(&"packages/orders"), "{ranked:?}");
    let data = a["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "packages/data")
        .unwrap();
    assert_eq!(data["support"], true, "{data}");
}
