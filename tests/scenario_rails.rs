//! The plan scenario as a Rails app: the same four domains as Rails
//! namespaces across app/ layers, with db/schema.rb and a history.
//! Notifications must rank first and Users last, for the same reasons.

mod history_support;
mod scenario_support;

use history_support::*;
use scenario_support::{candidates, documents, find, order, plan_scenario, reasons, Domains};

const PAY: &[&str] = &[
    "app/models/payments/payment.rb",
    "app/services/payments/checkout.rb",
];
const PAY_USERS: &[&str] = &[
    "app/models/payments/invoice.rb",
    "app/services/payments/checkout.rb",
    "app/models/users/user.rb",
];
const USERS: &[&str] = &["app/services/users/password_reset.rb"];
const USERS_PAY: &[&str] = &["app/models/users/user.rb", "app/models/payments/payout.rb"];
const NOTIFY: &[&str] = &["app/services/notifications/mailer.rb"];
const DIGEST: &[&str] = &["app/services/notifications/digest.rb"];
const NOTIFY_PAY: &[&str] = &[
    "app/services/notifications/mailer.rb",
    "app/services/payments/checkout.rb",
];
const REPORT: &[&str] = &["app/queries/reporting/revenue.rb"];
const REPORT_PAY: &[&str] = &[
    "app/queries/reporting/revenue.rb",
    "app/models/payments/refund.rb",
];

fn rails_scenario() -> TestRepo {
    plan_scenario(
        "scenario-rails",
        &Domains {
            pay: PAY,
            pay_users: PAY_USERS,
            users: USERS,
            users_pay: USERS_PAY,
            notify: NOTIFY,
            digest: DIGEST,
            notify_pay: NOTIFY_PAY,
            report: REPORT,
            report_pay: REPORT_PAY,
        },
    )
}

#[test]
fn notifications_ranks_first_and_users_last() {
    let repo = rails_scenario();
    let ranking = candidates(&repo);
    let order = order(&ranking);
    assert_eq!(ranking["confidence"], "high", "{ranking:#}");
    assert_eq!(order.first(), Some(&"Notifications"), "{ranking:#}");
    assert_eq!(order.last(), Some(&"Users"), "{ranking:#}");
    assert_eq!(
        order.len(),
        4,
        "the Rails base classes (app/models, app/controllers) are support code: {order:?}"
    );
}

#[test]
fn reasons_name_the_facts_behind_each_rank() {
    let repo = rails_scenario();
    let ranking = candidates(&repo);
    let notifications = reasons(&ranking, "Notifications");
    for fact in [
        "2 import statements in 2 other modules use 1 of its names (Notifications::Mailer)",
        "it imports no other module (besides shared support code: app/models)",
        "it owns 4 tables; none of them tied to another module's tables by a foreign key",
        "its raw SQL reads 1 table of Payments (payments; first at app/services/notifications/digest.rb:5)",
        "of its commits touch no other module",
    ] {
        assert!(notifications.contains(fact), "missing {fact:?} in\n{notifications}");
    }
    let reporting = reasons(&ranking, "Reporting");
    assert!(
        reporting.contains("nothing imports Reporting"),
        "{reporting}"
    );
    assert!(
        reporting.contains("its raw SQL reads 5 tables of 3 other modules"),
        "{reporting}"
    );
    let users = reasons(&ranking, "Users");
    assert!(
        users.contains("it owns 3 tables; 3 foreign keys cross to other modules' tables"),
        "{users}"
    );
    let reporting = find(&ranking, "Reporting");
    let notifications = find(&ranking, "Notifications");
    assert!(reporting["priority"].as_f64() < notifications["priority"].as_f64());
}

#[test]
fn plan_documents_are_pinned_and_deterministic() {
    let repo = rails_scenario();
    let docs = documents(&repo, "scenario-rails", "1");
    assert_eq!(docs, documents(&repo, "scenario-rails", "8"));
    let adr = docs
        .iter()
        .find(|(p, _)| p == "adr/0001-extract-notifications.md")
        .map(|(_, t)| t)
        .expect("an ADR for Notifications");
    assert!(
        adr.contains("Integration: **Branch by abstraction**"),
        "{adr}"
    );
    for (path, text) in &docs {
        if path.ends_with("notifications.md") {
            insta::assert_snapshot!(format!("rails_{}", path.replace(['/', '.'], "_")), text);
        }
    }
}

#[test]
#[ignore = "writes the scenario repository to $SCENARIO_OUT"]
fn keep() {
    let repo = rails_scenario();
    scenario_support::keep(&repo);
}
