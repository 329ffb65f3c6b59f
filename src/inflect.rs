//! The few English inflections Rails naming rests on: enough for association
//! macros, Zeitwerk paths and table names. Irregulars cover the common cases.

const IRREGULAR: &[(&str, &str)] = &[
    ("person", "people"),
    ("man", "men"),
    ("woman", "women"),
    ("child", "children"),
    ("mouse", "mice"),
    ("goose", "geese"),
    ("foot", "feet"),
    ("tooth", "teeth"),
    ("ox", "oxen"),
    ("quiz", "quizzes"),
    ("menu", "menus"),
];

const UNCOUNTABLE: &[&str] = &[
    "equipment",
    "information",
    "rice",
    "money",
    "species",
    "series",
    "fish",
    "sheep",
    "news",
    "data",
    "metadata",
];

/// `line_items` → `line_item`, `categories` → `category`, `people` → `person`.
pub fn singularize(word: &str) -> String {
    let (head, last) = split_last_word(word);
    let lower = last.to_ascii_lowercase();
    if UNCOUNTABLE.contains(&lower.as_str()) {
        return word.to_string();
    }
    if let Some((singular, _)) = IRREGULAR.iter().find(|(_, p)| *p == lower) {
        return format!("{head}{singular}");
    }
    let singular = if let Some(stem) = lower.strip_suffix("ies") {
        if stem.len() > 1 {
            format!("{stem}y")
        } else {
            lower.clone()
        }
    } else if let Some(stem) = lower.strip_suffix("sses") {
        format!("{stem}ss")
    } else if let Some(stem) = lower
        .strip_suffix("ches")
        .or_else(|| lower.strip_suffix("shes"))
    {
        format!("{stem}{}", &lower[stem.len()..stem.len() + 2])
    } else if let Some(stem) = lower
        .strip_suffix("xes")
        .or_else(|| lower.strip_suffix("zes"))
    {
        format!("{stem}{}", &lower[stem.len()..stem.len() + 1])
    } else if let Some(stem) = lower.strip_suffix("uses") {
        format!("{stem}us")
    } else if lower.ends_with("ss") || lower.ends_with("us") || lower.ends_with("is") {
        lower.clone()
    } else if let Some(stem) = lower.strip_suffix('s') {
        stem.to_string()
    } else {
        lower.clone()
    };
    format!("{head}{}", restore_case(last, &singular))
}

/// `line_item` → `line_items`, `category` → `categories`.
pub fn pluralize(word: &str) -> String {
    let (head, last) = split_last_word(word);
    let lower = last.to_ascii_lowercase();
    if UNCOUNTABLE.contains(&lower.as_str()) {
        return word.to_string();
    }
    if let Some((_, plural)) = IRREGULAR.iter().find(|(s, _)| *s == lower) {
        return format!("{head}{plural}");
    }
    let ends_consonant_y = lower.ends_with('y')
        && lower.len() > 1
        && !matches!(
            lower.as_bytes()[lower.len() - 2],
            b'a' | b'e' | b'i' | b'o' | b'u'
        );
    let plural = if ends_consonant_y {
        format!("{}ies", &lower[..lower.len() - 1])
    } else if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|s| lower.ends_with(s))
    {
        format!("{lower}es")
    } else {
        format!("{lower}s")
    };
    format!("{head}{}", restore_case(last, &plural))
}

fn split_last_word(word: &str) -> (&str, &str) {
    match word.rfind('_') {
        Some(i) => (&word[..=i], &word[i + 1..]),
        None => ("", word),
    }
}

fn restore_case(original: &str, lower: &str) -> String {
    if original
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_uppercase())
    {
        let mut chars = lower.chars();
        match chars.next() {
            Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
            None => String::new(),
        }
    } else {
        lower.to_string()
    }
}

/// `line_item` → `LineItem`; `api` → `API` when `API` is an acronym.
pub fn camelize(word: &str, acronyms: &[String]) -> String {
    word.split('_')
        .filter(|part| !part.is_empty())
        .map(|part| {
            if let Some(acronym) = acronyms.iter().find(|a| a.eq_ignore_ascii_case(part)) {
                return acronym.clone();
            }
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// `LineItem` → `line_item`, `HTMLParser` → `html_parser`.
pub fn underscore(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev_lower =
                i > 0 && (chars[i - 1].is_ascii_lowercase() || chars[i - 1].is_ascii_digit());
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            let prev_upper = i > 0 && chars[i - 1].is_ascii_uppercase();
            if i > 0 && (prev_lower || (prev_upper && next_lower)) {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singularize_handles_rails_table_names() {
        for (plural, singular) in [
            ("orders", "order"),
            ("line_items", "line_item"),
            ("categories", "category"),
            ("addresses", "address"),
            ("statuses", "status"),
            ("people", "person"),
            ("boxes", "box"),
            ("matches", "match"),
            ("news", "news"),
            ("invitation_requests", "invitation_request"),
        ] {
            assert_eq!(singularize(plural), singular, "{plural}");
        }
    }

    #[test]
    fn pluralize_inverts_singularize_for_common_words() {
        for word in [
            "order", "category", "address", "status", "person", "box", "day", "story",
        ] {
            assert_eq!(singularize(&pluralize(word)), word, "{word}");
        }
    }

    #[test]
    fn camelize_uses_acronyms() {
        let acronyms = vec!["API".to_string()];
        assert_eq!(camelize("api_client", &acronyms), "APIClient");
        assert_eq!(camelize("line_item", &[]), "LineItem");
    }

    #[test]
    fn underscore_splits_acronyms() {
        assert_eq!(underscore("HTMLParser"), "html_parser");
        assert_eq!(underscore("LineItem"), "line_item");
        assert_eq!(underscore("ModNote"), "mod_note");
    }
}
