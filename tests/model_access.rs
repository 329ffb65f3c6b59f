//! Which other modules' tables a module reaches through ORM models: only the
//! models it uses, also when it imports a models module whole.
mod common;
use common::*;
use std::fs;

fn write(root: &std::path::Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// (module, table) pairs of `planner schema --format json`'s access rows.
fn access(root: &std::path::Path) -> Vec<(String, String)> {
    let out = run(&["schema", root.to_str().unwrap(), "--format", "json", "-q"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json["access"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["module"].as_str().unwrap().to_string(),
                a["table"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_module_reaches_only_the_models_it_reads() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for app in ["billing", "shop", "reports"] {
        write(root, &format!("{app}/__init__.py"), "");
    }
    write(
        root,
        "billing/models.py",
        "from django.db import models\n\n\n\
         class Base(models.Model):\n    class Meta:\n        abstract = True\n\n\n\
         class Invoice(Base):\n    number = models.CharField(max_length=10)\n\n\n\
         class Refund(Base):\n    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE)\n",
    );
    // An abstract base by name, and the models module whole, reading one
    // model from it.
    write(
        root,
        "shop/views.py",
        "from billing.models import Base\nfrom billing import models as billing_models\n\n\n\
         class Cart(Base):\n    pass\n\n\n\
         def invoices():\n    return billing_models.Invoice.objects.all()\n",
    );
    // The module whole, used in a way planner cannot follow: every table.
    write(
        root,
        "reports/export.py",
        "from billing import models\n\n\n\
         def everything(name):\n    return getattr(models, name).objects.all()\n",
    );
    let pairs = |t: &[(&str, &str)]| -> Vec<(String, String)> {
        t.iter()
            .map(|(m, t)| (m.to_string(), t.to_string()))
            .collect()
    };
    assert_eq!(
        access(root),
        pairs(&[
            ("reports", "billing_invoice"),
            ("reports", "billing_refund"),
            ("shop", "billing_invoice"),
        ])
    );
}

#[test]
fn imports_through_a_barrel_file_reach_the_models_it_passes_on() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let model = |class: &str, table: &str| {
        format!(
            "import {{ Column, DataType, Model, Table }} from \"sequelize-typescript\";\n\n\
             export enum {class}Role {{ Admin = \"admin\" }}\n\n\
             @Table({{ tableName: \"{table}\" }})\n\
             class {class} extends Model {{\n  @Column(DataType.STRING)\n  name: string;\n}}\n\n\
             export default {class};\n"
        )
    };
    write(root, "server/models/User.ts", &model("User", "users"));
    write(root, "server/models/Team.ts", &model("Team", "teams"));
    write(
        root,
        "server/models/index.ts",
        "export { default as User } from \"./User\";\nexport { default as Team } from \"./Team\";\n",
    );
    write(
        root,
        "plugins/slack/hook.ts",
        "import { User } from \"../../server/models\";\n\nexport const find = (id: string) => User.findByPk(id);\n",
    );
    // An enum from a model file is not the model.
    write(
        root,
        "plugins/email/mail.ts",
        "import { TeamRole } from \"../../server/models/Team\";\n\nexport const role = TeamRole.Admin;\n",
    );
    let got = access(root);
    assert_eq!(
        got,
        vec![("plugins/slack".to_string(), "users".to_string())],
        "{got:?}"
    );
}
