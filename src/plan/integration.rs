//! The integration approach, chosen from the facts (the migration guides'
//! rule): a strangler facade when the module serves HTTP routes, branch by
//! abstraction when code in the monolith calls it in-process, and the
//! monolith as gateway otherwise.

use super::callers::{Caller, CallsOut};
use crate::analysis::Analysis;
use crate::words::s;
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Serialize)]
pub struct Integration {
    /// `strangler-facade`, `branch-by-abstraction` or `monolith-as-gateway`.
    pub approach: &'static str,
    /// The approach in words, for documents.
    pub title: &'static str,
    /// The facts that decided it.
    pub because: Vec<String>,
    /// A second approach for the part the first does not cover.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub also: Option<String>,
}

pub fn choose(
    analysis: &Analysis,
    module: &str,
    callers: &[Caller],
    calls_out: &[CallsOut],
    endpoints: &[crate::inventory::Endpoint],
) -> Integration {
    let production: Vec<&Caller> = callers.iter().filter(|c| !c.test).collect();
    let caller_modules: BTreeSet<&str> = production.iter().map(|c| c.module.as_str()).collect();
    let caller_files: BTreeSet<&str> = production.iter().map(|c| c.file.as_str()).collect();
    let names: BTreeSet<&str> = production
        .iter()
        .flat_map(|c| c.symbols.iter().map(String::as_str))
        .collect();
    let mut because = Vec::new();
    let mut also = None;
    let in_process = if production.is_empty() {
        None
    } else {
        Some(format!(
            "{} import site{} in {} file{} of {} other module{} call it in-process{}",
            production.len(),
            s(production.len()),
            caller_files.len(),
            s(caller_files.len()),
            caller_modules.len(),
            s(caller_modules.len()),
            if names.is_empty() {
                String::new()
            } else {
                format!(
                    ", through {}",
                    names
                        .iter()
                        .take(5)
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ) + if names.len() > 5 { ", …" } else { "" }
            }
        ))
    };
    let approach = if !endpoints.is_empty() {
        let frameworks: BTreeSet<&str> = endpoints.iter().map(|e| e.framework.as_str()).collect();
        because.push(format!(
            "it serves {} API endpoint{} ({}), e.g. {}",
            endpoints.len(),
            s(endpoints.len()),
            frameworks.into_iter().collect::<Vec<_>>().join(", "),
            endpoints
                .iter()
                .take(3)
                .map(|e| format!(
                    "`{}{}`",
                    e.method
                        .as_deref()
                        .map(|m| format!("{m} "))
                        .unwrap_or_default(),
                    e.path
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        // graphene's fields, and NestJS resolvers' (framework `nestjs`).
        let graphql = endpoints.iter().any(|e| {
            e.framework == "graphql"
                || matches!(
                    e.method.as_deref(),
                    Some("QUERY" | "MUTATION" | "SUBSCRIPTION")
                )
        });
        because.push(format!(
            "put a facade in front of those endpoints ({}) and move them to the new service one \
             at a time, behind a feature flag",
            if graphql {
                "for GraphQL root fields, a federating gateway that routes each field"
            } else {
                "a reverse-proxy or gateway route"
            }
        ));
        if let Some(calls) = &in_process {
            also = Some(format!(
                "Branch by abstraction for the in-process callers: {calls}."
            ));
        }
        "strangler-facade"
    } else if let Some(calls) = in_process {
        because.push(calls);
        because.push(format!(
            "put an interface in front of {module} inside the monolith, move every caller onto \
             it, then switch the interface's implementation to a client of the new service \
             behind a feature flag"
        ));
        "branch-by-abstraction"
    } else {
        because.push(format!(
            "no code in another module imports {module}{}, so there is nothing to redirect \
             in-process",
            if analysis.inventory.is_some() {
                " and it serves no HTTP endpoint planner found"
            } else {
                ""
            }
        ));
        because.push(
            "the monolith stays the entry point and forwards the module's work to the new \
             service, so clients see no change"
                .to_string(),
        );
        "monolith-as-gateway"
    };
    if !calls_out.is_empty() {
        let total: usize = calls_out.iter().map(|c| c.imports).sum();
        because.push(format!(
            "it calls back into {} ({} import statement{}), which the service must reach over \
             the network or stop needing",
            calls_out
                .iter()
                .take(4)
                .map(|c| c.module.as_str())
                .collect::<Vec<_>>()
                .join(", ")
                + if calls_out.len() > 4 { ", …" } else { "" },
            total,
            s(total)
        ));
    }
    let title = match approach {
        "branch-by-abstraction" => "Branch by abstraction",
        "strangler-facade" => "Strangler facade",
        _ => "Monolith as gateway",
    };
    Integration {
        approach,
        title,
        because,
        also,
    }
}
