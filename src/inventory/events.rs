//! Events by string literal: the names a module publishes and consumes,
//! the events a service cut from it would have to publish or subscribe to.
//!
//! - Domain events: `publish_event("payment.completed")`, `bus.emit("order.paid")`,
//!   `pubsub.subscribe("order.paid")`. Without a transport in the call, a name
//!   must look like an event (`noun.verb`, `noun:verb`), so `emitter.on("error")`
//!   and `queue.on("completed")` stay out. A generic verb (`emit`, `publish`,
//!   `subscribe`, `fire`, `broadcast`, `consume`) counts only from a real
//!   publisher: called on a bus, broker, pub/sub client, emitter or signal, or
//!   bare in a file that imports a broker, pub/sub or signal library. A bare
//!   `emit("retrieval.sync.completed")` that writes a log line (kitsune's
//!   structured logging) is not an event.
//! - Kafka: `producer.send("topic")`, `producer.send({ topic })`,
//!   `produce("topic")`, `consumer.subscribe(["topic"])`, `KafkaConsumer("t")`.
//! - RabbitMQ: `basic_publish(routing_key="x")`, `basic_consume(queue="x")`,
//!   `sendToQueue("x")`, `channel.consume("x")`, `channel.publish(ex, "key")`.
//! - ActiveSupport::Notifications `instrument`/`subscribe`.
//! - Event classes: `Event.create({ name: "documents.create" })`, and a
//!   `static applicableEvents = ["documents.publish"]` property (consumer).

use super::syntax::{each_node, js_str, line, named_children, py_str, rb_str, text};
use super::{Event, FileFinds};
use crate::analysis::Language;
use tree_sitter::Node;

struct Call<'t> {
    name: String,
    object: String,
    positional: Vec<Node<'t>>,
    keywords: Vec<(String, Node<'t>)>,
}

pub(crate) fn scan(language: Language, root: Node, src: &[u8], finds: &mut FileFinds) {
    let all = String::from_utf8_lossy(src).to_ascii_lowercase();
    let kafka = all.contains("kafka");
    let publisher_import = imports_publisher(language, &all);
    let bare_publishers = bare_publishers(language, &all, publisher_import);
    let rabbit = ["amqp", "pika", "bunny", "rabbit", "kombu"]
        .iter()
        .any(|w| all.contains(w));
    each_node(root, |n| {
        let call = match (language, n.kind()) {
            (Language::Python, "call") => python_call(n, src),
            (Language::Ruby, "call") => ruby_call(n, src),
            (Language::JavaScript | Language::TypeScript, "call_expression") => js_call(n, src),
            (
                Language::JavaScript | Language::TypeScript,
                "public_field_definition" | "field_definition",
            ) => {
                applicable_events(n, src, finds);
                None
            }
            _ => None,
        };
        if let Some(call) = call.filter(|c| wanted(&c.name, &c.object)) {
            let context = Context {
                kafka,
                rabbit,
                bare_publishers: bare_publishers.clone(),
            };
            classify(&call, language, src, &context, line(n), finds);
        }
    });
}

fn str_of(language: Language, node: Node, src: &[u8]) -> Option<String> {
    match language {
        Language::Python => py_str(node, src),
        Language::Ruby => match node.kind() {
            "string" | "simple_symbol" | "delimited_symbol" => rb_str(node, src),
            _ => None,
        },
        Language::JavaScript | Language::TypeScript => js_str(node, src),
    }
}

/// Literal strings of a node that is a literal or a list of literals.
fn strs_of(language: Language, node: Node, src: &[u8]) -> Vec<String> {
    if matches!(node.kind(), "list" | "array" | "tuple") {
        named_children(node)
            .into_iter()
            .filter_map(|i| str_of(language, i, src))
            .collect()
    } else {
        str_of(language, node, src).into_iter().collect()
    }
}

/// The calls `classify` reads; every other call is dropped before its
/// arguments are looked at (most calls of a file are not events).
const NAMES: &[&str] = &[
    "basic_publish",
    "basic_consume",
    "queue_declare",
    "sendToQueue",
    "consume",
    "publish",
    "KafkaConsumer",
    "produce",
    "deliver_message",
    "produce_sync",
    "produce_async",
    "subscribe",
    "monotonic_subscribe",
    "instrument",
    "publish_event",
    "publishEvent",
    "emit",
    "emit_event",
    "emitEvent",
    "send_event",
    "sendEvent",
    "trigger_event",
    "triggerEvent",
    "dispatch_event",
    "dispatchEvent",
    "broadcast",
    "fire",
    "add_listener",
    "on_event",
    "onEvent",
];

fn wanted(name: &str, object: &str) -> bool {
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
        || (name == "send" && object.to_ascii_lowercase().contains("produc"))
        || ((object == "Event" || object == "Events")
            && (name.starts_with("create") || name.starts_with("schedule")))
}

fn python_call<'t>(n: Node<'t>, src: &[u8]) -> Option<Call<'t>> {
    let function = n.child_by_field_name("function")?;
    if !wanted(
        super::syntax::callee_name(function, src),
        super::syntax::callee_object(function, src),
    ) {
        return None;
    }
    let args = super::syntax::py_args(n, src);
    Some(Call {
        name: super::syntax::callee_name(function, src).to_string(),
        object: super::syntax::callee_object(function, src).to_string(),
        positional: args.positional,
        keywords: args.keywords,
    })
}

fn ruby_call<'t>(n: Node<'t>, src: &[u8]) -> Option<Call<'t>> {
    let name = text(n.child_by_field_name("method")?, src);
    let receiver = n
        .child_by_field_name("receiver")
        .map(|r| text(r, src))
        .unwrap_or("");
    if !wanted(name, receiver) {
        return None;
    }
    let name = name.to_string();
    let object = n
        .child_by_field_name("receiver")
        .map(|r| text(r, src).to_string())
        .unwrap_or_default();
    let mut call = Call {
        name,
        object,
        positional: Vec::new(),
        keywords: Vec::new(),
    };
    if let Some(list) = n.child_by_field_name("arguments") {
        for a in named_children(list) {
            match a.kind() {
                "pair" => {
                    if let (Some(k), Some(v)) =
                        (a.child_by_field_name("key"), a.child_by_field_name("value"))
                    {
                        call.keywords.push((rb_str(k, src).unwrap_or_default(), v));
                    }
                }
                _ => call.positional.push(a),
            }
        }
    }
    Some(call)
}

fn js_call<'t>(n: Node<'t>, src: &[u8]) -> Option<Call<'t>> {
    // `@OnEvent("order.paid")` is a decorator, read by `nestjs.rs`.
    if n.parent().is_some_and(|p| p.kind() == "decorator") {
        return None;
    }
    let function = n.child_by_field_name("function")?;
    if !wanted(
        super::syntax::callee_name(function, src),
        super::syntax::callee_object(function, src),
    ) {
        return None;
    }
    let positional = super::syntax::js_args(n);
    let mut keywords = Vec::new();
    for a in &positional {
        keywords.extend(super::syntax::js_object(*a, src));
    }
    Some(Call {
        name: super::syntax::callee_name(function, src).to_string(),
        object: super::syntax::callee_object(function, src).to_string(),
        positional,
        keywords,
    })
}

/// `noun.verb`, `noun:verb`, `a/b`: what a domain event name looks like.
fn eventish(name: &str) -> bool {
    let mut parts = name.split(['.', ':', '/']);
    let first = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    !rest.is_empty()
        && first.starts_with(|c: char| c.is_ascii_alphabetic())
        && std::iter::once(first).chain(rest.iter().copied()).all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '*'))
        })
}

/// A topic or queue name: no spaces, no URL, something a broker accepts.
fn topicish(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 200
        && !name.contains("://")
        && name.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':' | '/' | '*' | '#')
        })
}

/// What the whole file says about its transports.
struct Context {
    kafka: bool,
    rabbit: bool,
    /// Bare function names (lower-cased) that publish: imported from a
    /// publisher library, or defined in this file when it imports one
    /// (Ruby: any, in a file that imports one or includes Wisper).
    bare_publishers: BarePublishers,
}

/// Libraries whose import makes a bare `publish(…)`/`emit(…)` a real
/// publication: message brokers, pub/sub clients, event emitters, signals.
const PYTHON_PUBLISHERS: &[&str] = &[
    "redis",
    "kombu",
    "pika",
    "nats",
    "blinker",
    "pubsub",
    "google.cloud.pubsub",
    "django.dispatch",
    "kafka",
    "confluent_kafka",
    "aiokafka",
    "paho",
    "zmq",
    "pyee",
];
const JS_PUBLISHERS: &[&str] = &[
    "redis",
    "ioredis",
    "nats",
    "kafkajs",
    "amqplib",
    "@google-cloud/pubsub",
    "socket.io",
    "events",
    "node:events",
    "eventemitter3",
    "mitt",
    "pubsub-js",
    "mqtt",
    "ably",
    "pusher",
];
const RUBY_PUBLISHERS: &[&str] = &[
    "redis",
    "bunny",
    "kafka",
    "nats",
    "wisper",
    "dry/events",
    "dry-events",
    "google/cloud/pubsub",
    "pusher",
];

/// Whether the file (lower-cased) imports a publisher library.
fn imports_publisher(language: Language, all: &str) -> bool {
    all.lines().any(|line| {
        let line = line.trim_start();
        match language {
            Language::Python => {
                let module = line
                    .strip_prefix("from ")
                    .or_else(|| line.strip_prefix("import "))
                    .and_then(|rest| rest.split([' ', ',']).next())
                    .unwrap_or("");
                PYTHON_PUBLISHERS.iter().any(|p| {
                    module == *p || module.strip_prefix(p).is_some_and(|r| r.starts_with('.'))
                })
            }
            Language::Ruby => {
                let Some(rest) = line.strip_prefix("require ") else {
                    return false;
                };
                let name = rest.trim().trim_matches(|c| c == '"' || c == '\'');
                RUBY_PUBLISHERS
                    .iter()
                    .any(|p| name == *p || name.starts_with(&format!("{p}/")))
            }
            Language::JavaScript | Language::TypeScript => JS_PUBLISHERS.iter().any(|p| {
                ["\"", "'"].iter().any(|q| {
                    let quoted = format!("{q}{p}{q}");
                    let sub = format!("{q}{p}/");
                    (line.contains("require(")
                        || line.contains(" from ")
                        || line.starts_with("import "))
                        && (line.contains(&quoted) || line.contains(&sub))
                })
            }),
        }
    })
}

#[derive(Clone)]
enum BarePublishers {
    Any,
    Named(std::collections::BTreeSet<String>),
}

impl BarePublishers {
    fn allows(&self, lname: &str) -> bool {
        match self {
            BarePublishers::Any => true,
            BarePublishers::Named(names) => names.contains(lname),
        }
    }
}

/// Which bare calls of a file are real publications: `from blinker import
/// signal`, `import { publish } from "pubsub-js"`, or a wrapper the file
/// defines around a publisher library it imports. A bare `emit` imported
/// from the project's own logging helper (kitsune) is none of these, even
/// in a file that also imports `redis` for a lock.
fn bare_publishers(language: Language, all: &str, publisher_import: bool) -> BarePublishers {
    if language == Language::Ruby {
        return if publisher_import || all.contains("wisper::publisher") {
            BarePublishers::Any
        } else {
            BarePublishers::Named(Default::default())
        };
    }
    let mut names = std::collections::BTreeSet::new();
    for line in all.lines().map(str::trim_start) {
        match language {
            Language::Python => {
                if let Some((module, imported)) = line
                    .strip_prefix("from ")
                    .and_then(|rest| rest.split_once(" import "))
                {
                    if imports_publisher(language, &format!("import {module}")) {
                        for part in imported.trim_matches(|c| c == '(' || c == ')').split(',') {
                            let local = part.split(" as ").last().unwrap_or("").trim();
                            names.insert(local.to_string());
                        }
                    }
                }
                if publisher_import {
                    if let Some(name) = line.strip_prefix("def ").and_then(|r| r.split('(').next())
                    {
                        names.insert(name.trim().to_string());
                    }
                }
            }
            Language::JavaScript | Language::TypeScript => {
                if line.starts_with("import ") && imports_publisher(language, line) {
                    if let Some(inner) = line.split_once('{').and_then(|(_, r)| r.split_once('}')) {
                        for part in inner.0.split(',') {
                            let local = part.split(" as ").last().unwrap_or("").trim();
                            names.insert(local.to_string());
                        }
                    }
                }
                if publisher_import {
                    let defined = line
                        .strip_prefix("export ")
                        .unwrap_or(line)
                        .strip_prefix("function ")
                        .or_else(|| line.strip_prefix("const "))
                        .and_then(|r| r.split(|c: char| !(c.is_alphanumeric() || c == '_')).next());
                    if let Some(name) = defined {
                        names.insert(name.to_string());
                    }
                }
            }
            Language::Ruby => {}
        }
    }
    names.remove("");
    BarePublishers::Named(names)
}

/// A receiver that publishes or subscribes: `bus.emit`, `pubsub.publish`,
/// `self.event_bus.subscribe`, `redis.publish`, `order_paid.send`.
fn publisher_receiver(object: &str) -> bool {
    const WORDS: &[&str] = &[
        "bus",
        "broker",
        "publisher",
        "producer",
        "pubsub",
        "pub_sub",
        "redis",
        "channel",
        "emitter",
        "events",
        "event",
        "hub",
        "dispatcher",
        "signal",
        "nats",
        "sns",
        "topic",
        "socket",
        "notifier",
        "mediator",
        "stream",
        "exchange",
    ];
    let last = object
        .rsplit(['.', ':'])
        .next()
        .unwrap_or(object)
        .to_ascii_lowercase();
    last == "io" || WORDS.iter().any(|w| last.contains(w))
}

fn classify(
    call: &Call,
    language: Language,
    src: &[u8],
    context: &Context,
    at: usize,
    finds: &mut FileFinds,
) {
    let (kafka, rabbit) = (context.kafka, context.rabbit);
    let kw = |k: &str| {
        call.keywords
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| *v)
    };
    let first = call.positional.first().copied();
    let lname = call.name.to_ascii_lowercase();
    let lobject = call.object.to_ascii_lowercase();
    let mut found: Vec<(String, &str, Option<&str>)> = Vec::new();
    let mut push_all =
        |names: Vec<String>, role: &'static str, transport: Option<&'static str>, strict: bool| {
            for n in names {
                if (strict && eventish(&n)) || (!strict && topicish(&n)) {
                    found.push((n, role, transport));
                }
            }
        };
    match lname.as_str() {
        // RabbitMQ (pika, amqplib).
        "basic_publish" if rabbit => {
            let names = kw("routing_key")
                .map(|v| strs_of(language, v, src))
                .unwrap_or_default();
            push_all(names, "publish", Some("rabbitmq"), false);
        }
        "basic_consume" | "queue_declare" if rabbit => {
            let names = kw("queue")
                .or(first)
                .map(|v| strs_of(language, v, src))
                .unwrap_or_default();
            push_all(names, "consume", Some("rabbitmq"), false);
        }
        "sendtoqueue" if rabbit => {
            push_all(
                first.map(|v| strs_of(language, v, src)).unwrap_or_default(),
                "publish",
                Some("rabbitmq"),
                false,
            );
        }
        "consume" if rabbit && lobject.contains("channel") => {
            push_all(
                first.map(|v| strs_of(language, v, src)).unwrap_or_default(),
                "consume",
                Some("rabbitmq"),
                false,
            );
        }
        "publish" if rabbit && lobject.contains("channel") => {
            let key = call.positional.get(1).copied();
            push_all(
                key.map(|v| strs_of(language, v, src)).unwrap_or_default(),
                "publish",
                Some("rabbitmq"),
                false,
            );
        }
        // Kafka (kafka-python, confluent-kafka, kafkajs, ruby-kafka).
        "kafkaconsumer" => {
            let names = call
                .positional
                .iter()
                .flat_map(|v| strs_of(language, *v, src))
                .collect();
            push_all(names, "consume", Some("kafka"), false);
        }
        "send" | "produce" | "deliver_message" | "produce_sync" | "produce_async"
            if kafka && (lobject.contains("produc") || lname != "send") =>
        {
            let names = kw("topic")
                .map(|v| strs_of(language, v, src))
                .or_else(|| first.map(|v| strs_of(language, v, src)))
                .unwrap_or_default();
            push_all(names, "publish", Some("kafka"), false);
        }
        "subscribe" if kafka && lobject.contains("consum") => {
            let names = kw("topic")
                .or(kw("topics"))
                .map(|v| strs_of(language, v, src))
                .or_else(|| first.map(|v| strs_of(language, v, src)))
                .unwrap_or_default();
            push_all(names, "consume", Some("kafka"), false);
        }
        // ActiveSupport::Notifications.
        "instrument" if call.object.ends_with("Notifications") => {
            push_all(
                first.map(|v| strs_of(language, v, src)).unwrap_or_default(),
                "publish",
                Some("activesupport"),
                false,
            );
        }
        "subscribe" | "monotonic_subscribe" if call.object.ends_with("Notifications") => {
            push_all(
                first.map(|v| strs_of(language, v, src)).unwrap_or_default(),
                "consume",
                Some("activesupport"),
                false,
            );
        }
        // Event records: Event.create({ name: "documents.create" }).
        n if (call.object == "Event" || call.object == "Events")
            && (n.starts_with("create") || n.starts_with("schedule")) =>
        {
            let names = kw("name")
                .map(|v| strs_of(language, v, src))
                .unwrap_or_default();
            push_all(names, "publish", None, true);
        }
        // Generic domain events. Not `on`/`once`/`listen` among the
        // consumers: in browser code those are DOM and library events
        // (`turbo:load`, `shown.bs.modal`), not domain events.
        "publish" | "publish_event" | "publishevent" | "emit" | "emit_event" | "emitevent"
        | "send_event" | "sendevent" | "trigger_event" | "triggerevent" | "dispatch_event"
        | "dispatchevent" | "broadcast" | "fire" | "subscribe" | "add_listener" | "on_event"
        | "onevent" | "consume"
            if names_an_event(&lname)
                || publisher_receiver(&call.object)
                || (call.object.is_empty() && context.bare_publishers.allows(&lname)) =>
        {
            let role = match lname.as_str() {
                "subscribe" | "add_listener" | "on_event" | "onevent" | "consume" => "consume",
                _ => "publish",
            };
            let transport = lobject.contains("redis").then_some("redis");
            push_all(
                first.map(|v| strs_of(language, v, src)).unwrap_or_default(),
                role,
                transport,
                true,
            );
        }
        _ => {}
    }
    for (name, role, transport) in found {
        finds.events.push(Event {
            name,
            role: role.into(),
            transport: transport.map(str::to_string),
            module: None,
            file: finds.file.clone(),
            line: at,
        });
    }
}

/// Function names that say "event" themselves (`publish_event`,
/// `onEvent`): whoever defines them means a domain event, whatever carries it.
fn names_an_event(lname: &str) -> bool {
    lname.contains("event")
}

/// `static applicableEvents = ["documents.publish", …]`: the events a
/// processor class consumes.
fn applicable_events(n: Node, src: &[u8], finds: &mut FileFinds) {
    let name = n
        .child_by_field_name("name")
        .or_else(|| n.child_by_field_name("property"))
        .map(|x| text(x, src))
        .unwrap_or("");
    if name != "applicableEvents" {
        return;
    }
    let Some(value) = n.child_by_field_name("value") else {
        return;
    };
    let value = if value.kind() == "as_expression" || value.kind() == "satisfies_expression" {
        named_children(value).first().copied().unwrap_or(value)
    } else {
        value
    };
    for item in named_children(value) {
        if let Some(event) = js_str(item, src) {
            finds.events.push(Event {
                name: event,
                role: "consume".into(),
                transport: None,
                module: None,
                file: finds.file.clone(),
                line: line(item),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generic_verbs_need_a_publisher_receiver_or_import() {
        assert!(publisher_receiver("self.event_bus"));
        assert!(publisher_receiver("redis_client"));
        assert!(publisher_receiver("io"));
        assert!(!publisher_receiver(""));
        assert!(!publisher_receiver("log"));
        assert!(!publisher_receiver("audio"));
        let kitsune = "import logging\nfrom kitsune.retrieval.events import emit\n";
        assert!(!imports_publisher(Language::Python, kitsune));
        assert!(imports_publisher(Language::Python, "import redis\n"));
        assert!(imports_publisher(
            Language::Python,
            "from django.dispatch import receiver\n"
        ));
        assert!(!imports_publisher(Language::Python, "import redisx\n"));
        assert!(imports_publisher(
            Language::JavaScript,
            "import { EventEmitter } from \"events\";\n"
        ));
        assert!(imports_publisher(
            Language::JavaScript,
            "const { PubSub } = require('@google-cloud/pubsub');\n"
        ));
        assert!(imports_publisher(Language::Ruby, "require \"wisper\"\n"));
        // kitsune's locks.py: redis imported for a lock, emit from a logging helper.
        let locks = "from redis.exceptions import locknotownederror\nfrom kitsune.retrieval.events import emit\n";
        assert!(!bare_publishers(Language::Python, locks, true).allows("emit"));
        let wrapper =
            "import redis\n\ndef publish_order(name):\n    pass\ndef subscribe(name):\n    pass\n";
        assert!(bare_publishers(Language::Python, wrapper, true).allows("subscribe"));
        let js = "import { publish } from \"pubsub-js\";\n";
        assert!(bare_publishers(Language::JavaScript, js, true).allows("publish"));
    }

    #[test]
    fn event_names_need_a_separator() {
        assert!(eventish("payment.completed"));
        assert!(eventish("orders:paid"));
        assert!(!eventish("error"));
        assert!(!eventish("completed"));
        assert!(!eventish("a b.c"));
        assert!(!eventish(".x"));
    }
}
