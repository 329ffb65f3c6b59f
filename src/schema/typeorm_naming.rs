//! TypeORM's `DefaultNamingStrategy` and the string helpers it uses, ported
//! rule for rule from typeorm 0.3.28 (`src/naming-strategy/DefaultNamingStrategy.ts`,
//! `src/util/StringUtils.ts`; unchanged in 1.x apart from `replace` →
//! `replaceAll`):
//! - `tableName(target, given)` = `given ?? snakeCase(target)`;
//! - `closureJunctionTableName(t)` = `t + "_closure"`;
//! - `columnName(prop, custom, prefixes)` = `custom || prop`, or with embedded
//!   prefixes `camelCase(prefixes.join("_")) + titleCase(name)`;
//! - `joinColumnName(relation, referencedProp)` = `camelCase(relation + "_" + referencedProp)`;
//! - `joinTableName(t1, t2, prop1, _)` = `snakeCase(t1 + "_" + prop1 (dots → "_") + "_" + t2)`;
//! - `joinTableColumnName(table, prop, column)` = `camelCase(table + "_" + (column ?? prop))`
//!   (the inverse side uses the same rule);
//! - duplicate junction column names get `_1` / `_2`
//!   (`joinTableColumnDuplicationPrefix`);
//! - junction names longer than the driver's alias limit (63 on PostgreSQL
//!   and MySQL) are shortened by `shorten(name, { separator: "_", segmentLength: 3 })`
//!   (`EntityMetadata.build`).

/// `camelCase`: `/^([A-Z])|[\s-_](\w)/g` — a leading capital is lowered; a
/// separator (white space, `-`, `_`) followed by a word character is dropped
/// and the character raised.
pub fn camel_case(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if i == 0 && c.is_ascii_uppercase() {
            out.push(c.to_ascii_lowercase());
            i += 1;
            continue;
        }
        let sep = c.is_whitespace() || c == '-' || c == '_';
        match chars.get(i + 1) {
            Some(&n) if sep && (n.is_ascii_alphanumeric() || n == '_') => {
                out.push(n.to_ascii_uppercase());
                i += 2;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// `snakeCase`: `([A-Z])([A-Z])([a-z])` → `$1_$2$3`, then `([a-z0-9])([A-Z])`
/// → `$1_$2`, then lower case.
pub fn snake_case(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut first = Vec::with_capacity(chars.len() + 4);
    let mut i = 0;
    while i < chars.len() {
        if i + 2 < chars.len()
            && chars[i].is_ascii_uppercase()
            && chars[i + 1].is_ascii_uppercase()
            && chars[i + 2].is_ascii_lowercase()
        {
            first.extend([chars[i], '_', chars[i + 1], chars[i + 2]]);
            i += 3;
        } else {
            first.push(chars[i]);
            i += 1;
        }
    }
    let mut out = String::with_capacity(first.len() + 4);
    let mut i = 0;
    while i < first.len() {
        let c = first[i];
        if i + 1 < first.len()
            && (c.is_ascii_lowercase() || c.is_ascii_digit())
            && first[i + 1].is_ascii_uppercase()
        {
            out.push(c);
            out.push('_');
            out.push(first[i + 1]);
            i += 2;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out.to_lowercase()
}

/// `titleCase`: each `\w\S*` run gets an upper first letter and lower rest.
pub fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_word = false;
    for c in s.chars() {
        if c.is_whitespace() {
            in_word = false;
            out.push(c);
        } else if in_word {
            out.extend(c.to_lowercase());
        } else if c.is_ascii_alphanumeric() || c == '_' {
            in_word = true;
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

pub fn table_name(target: &str, given: Option<&str>) -> String {
    given.map_or_else(|| snake_case(target), str::to_string)
}

pub fn closure_junction_table_name(table: &str) -> String {
    format!("{table}_closure")
}

pub fn column_name(property: &str, custom: Option<&str>, prefixes: &[String]) -> String {
    let name = custom.filter(|c| !c.is_empty()).unwrap_or(property);
    if prefixes.is_empty() {
        name.to_string()
    } else {
        camel_case(&prefixes.join("_")) + &title_case(name)
    }
}

pub fn join_column_name(relation: &str, referenced_property: &str) -> String {
    camel_case(&format!("{relation}_{referenced_property}"))
}

/// The junction table's name, shortened as TypeORM does past 63 characters.
pub fn join_table_name(first_table: &str, second_table: &str, first_property: &str) -> String {
    let name = snake_case(&format!(
        "{first_table}_{}_{second_table}",
        first_property.replace('.', "_")
    ));
    if name.len() > 63 {
        shorten(&name, "_", 3)
    } else {
        name
    }
}

pub fn join_table_column_name(table: &str, column: &str) -> String {
    camel_case(&format!("{table}_{column}"))
}

/// `shorten(input, { separator, segmentLength })` with `termLength` 2: each
/// segment split into camel-case terms; one term keeps `segmentLength`
/// characters, several keep 2 each.
pub fn shorten(input: &str, separator: &str, segment_length: usize) -> String {
    input
        .split(separator)
        .map(|segment| {
            let mut terms: Vec<String> = vec![String::new()];
            let mut prev: Option<char> = None;
            for c in segment.chars() {
                if let Some(p) = prev {
                    if p.is_ascii_lowercase() && c.is_ascii_uppercase() {
                        terms.push(String::new());
                    }
                }
                if let Some(last) = terms.last_mut() {
                    last.push(c);
                }
                prev = Some(c);
            }
            let len = if terms.len() > 1 { 2 } else { segment_length };
            terms
                .iter()
                .map(|t| t.chars().take(len).collect::<String>())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(separator)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_follows_typeorm() {
        assert_eq!(snake_case("ProductVariant"), "product_variant");
        assert_eq!(snake_case("HTMLPage"), "html_page");
        assert_eq!(snake_case("User2Fa"), "user2_fa");
        assert_eq!(snake_case("user"), "user");
        assert_eq!(
            snake_case("product_facetValues_facet_value"),
            "product_facet_values_facet_value"
        );
    }

    #[test]
    fn camel_case_follows_typeorm() {
        assert_eq!(camel_case("user_id"), "userId");
        assert_eq!(camel_case("product_variant_id"), "productVariantId");
        assert_eq!(camel_case("Featured_asset"), "featuredAsset");
        assert_eq!(camel_case("parent_id"), "parentId");
    }

    #[test]
    fn names_follow_the_default_naming_strategy() {
        assert_eq!(table_name("FacetValue", None), "facet_value");
        assert_eq!(table_name("User", Some("users")), "users");
        assert_eq!(join_column_name("featuredAsset", "id"), "featuredAssetId");
        assert_eq!(
            join_table_name("product", "facet_value", "facetValues"),
            "product_facet_values_facet_value"
        );
        assert_eq!(
            join_table_column_name("product_variant", "id"),
            "productVariantId"
        );
        assert_eq!(
            column_name("street", None, &["address".to_string()]),
            "addressStreet"
        );
        assert_eq!(
            column_name("zipCode", None, &["address".into()]),
            "addressZipcode"
        );
        assert_eq!(
            closure_junction_table_name("collection"),
            "collection_closure"
        );
    }

    #[test]
    fn long_junction_names_are_shortened() {
        let long = join_table_name(
            "organization_membership_invitation",
            "organization_membership_permission",
            "grantedPermissions",
        );
        assert_eq!(long, "org_mem_inv_gra_per_org_mem_per");
        assert!(long.len() <= 63);
        assert_eq!(shorten("OrderItemList__company", "__", 4), "OrItLi__comp");
    }
}
