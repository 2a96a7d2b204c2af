//! `--query` and `--output json|text|table` as the aws CLI applies them
//! (awscli's `formatter.py`, `text.py` and `table.py`).

use std::collections::HashMap;
use std::io::Write;

use serde_json::{Map, Value as Json};

/// `--query` (JMESPath), applied to the whole response before formatting.
/// The jmespath crate keeps objects sorted by key; the keys get back the
/// order they had in the response (or in the expression, for a
/// multi-select hash), as the aws CLI prints them.
pub fn query(expression: &str, response: &Json) -> Result<Json, String> {
    let compiled = jmespath::compile(&legacy_literals(expression))
        .map_err(|e| format!("Bad value for --query {expression}: {e}"))?;
    let found = compiled
        .search(response)
        .map_err(|e| format!("Bad value for --query {expression}: {e}"))?;
    let found = serde_json::to_value(&*found).map_err(|e| e.to_string())?;
    let mut rank = HashMap::new();
    // Keys written in the expression first (a multi-select hash's order).
    for word in expression.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
        if !word.is_empty() && expression.contains(&format!("{word}:")) {
            let next = rank.len();
            rank.entry(word.to_owned()).or_insert(next);
        }
    }
    rank_keys(response, &mut rank);
    Ok(reorder(found, &rank))
}

/// A backtick literal that is not JSON (`` `AWSCURRENT` ``) is a string,
/// as the aws CLI's JMESPath (jmespath.py) still takes it; the crate wants
/// JSON, so such literals are quoted first.
fn legacy_literals(expression: &str) -> String {
    let mut out = String::with_capacity(expression.len());
    let mut rest = expression;
    while let Some(start) = rest.find('`') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        // The closing backtick: the next one not escaped with a backslash.
        let mut end = None;
        let mut escaped = false;
        for (i, c) in after.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '`' if !escaped => {
                    end = Some(i);
                    break;
                }
                _ => escaped = false,
            }
        }
        let Some(end) = end else {
            out.push_str(&rest[start..]);
            return out;
        };
        let literal = &after[..end];
        let unescaped = literal.replace("\\`", "`");
        if serde_json::from_str::<Json>(&unescaped).is_ok() {
            out.push('`');
            out.push_str(literal);
            out.push('`');
        } else {
            let quoted = Json::String(unescaped.trim().to_owned()).to_string();
            out.push('`');
            out.push_str(&quoted.replace('`', "\\`"));
            out.push('`');
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

fn rank_keys(doc: &Json, rank: &mut HashMap<String, usize>) {
    match doc {
        Json::Object(map) => {
            for (k, v) in map {
                let next = rank.len();
                rank.entry(k.clone()).or_insert(next);
                rank_keys(v, rank);
            }
        }
        Json::Array(items) => items.iter().for_each(|i| rank_keys(i, rank)),
        _ => {}
    }
}

fn reorder(doc: Json, rank: &HashMap<String, usize>) -> Json {
    match doc {
        Json::Object(map) => {
            let mut entries: Vec<(String, Json)> = map.into_iter().collect();
            entries.sort_by_key(|(k, _)| rank.get(k).copied().unwrap_or(usize::MAX));
            Json::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, reorder(v, rank)))
                    .collect(),
            )
        }
        Json::Array(items) => Json::Array(items.into_iter().map(|i| reorder(i, rank)).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bare_backtick_literals_are_strings() {
        assert_eq!(legacy_literals("a[?b == `X`]"), "a[?b == `\"X\"`]");
        assert_eq!(legacy_literals("`[1]` `\"s\"`"), "`[1]` `\"s\"`");
        let doc = json!({"V": [{"S": ["AWSCURRENT"]}, {"S": ["AWSPREVIOUS"]}]});
        assert_eq!(
            query("V[?contains(S, `AWSCURRENT`)] | length(@)", &doc).unwrap(),
            json!(1)
        );
    }

    #[test]
    fn queried_objects_keep_the_response_or_expression_order() {
        let doc = json!({"Name": "n", "ARN": "a", "Tags": []});
        let found = query("{Z: Name, A: ARN}", &doc).unwrap();
        assert_eq!(found.to_string(), r#"{"Z":"n","A":"a"}"#);
        let found = query("@", &doc).unwrap();
        assert_eq!(found.to_string(), r#"{"Name":"n","ARN":"a","Tags":[]}"#);
    }
}

/// JSON as the CLI prints it: 4-space indent, non-ASCII as is; an empty
/// response (TagResource) prints nothing.
pub fn json(out: &mut impl Write, doc: &Json) -> std::io::Result<()> {
    if doc.as_object().is_some_and(Map::is_empty) {
        return Ok(());
    }
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut *out, formatter);
    serde::Serialize::serialize(doc, &mut ser).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}

/// A scalar as Python's str() writes it.
fn py_str(v: &Json) -> String {
    match v {
        Json::Null => "None".into(),
        Json::Bool(true) => "True".into(),
        Json::Bool(false) => "False".into(),
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn is_scalar(v: &Json) -> bool {
    !matches!(v, Json::Array(_) | Json::Object(_))
}

/// `--output text`: awscli's text.py.
pub fn text(out: &mut String, item: &Json) {
    text_item(out, item, None, None);
}

fn text_item(
    out: &mut String,
    item: &Json,
    identifier: Option<&str>,
    scalar_keys: Option<&[String]>,
) {
    match item {
        Json::Object(map) => text_dict(out, map, identifier, scalar_keys),
        Json::Array(list) => text_list(out, list, identifier),
        scalar => {
            out.push_str(&py_str(scalar));
            out.push('\n');
        }
    }
}

fn text_list(out: &mut String, list: &[Json], identifier: Option<&str>) {
    if list.is_empty() {
        return;
    }
    if list.iter().any(Json::is_object) {
        let mut keys: Vec<String> = list
            .iter()
            .filter_map(Json::as_object)
            .flat_map(|m| {
                m.iter()
                    .filter(|(_, v)| is_scalar(v))
                    .map(|(k, _)| k.clone())
            })
            .collect();
        keys.sort();
        keys.dedup();
        for element in list {
            text_item(out, element, identifier, Some(&keys));
        }
    } else if list.iter().any(Json::is_array) {
        let scalars: Vec<&Json> = list.iter().filter(|v| is_scalar(v)).collect();
        if !scalars.is_empty() {
            text_scalars(out, &scalars, identifier);
        }
        for non_scalar in list.iter().filter(|v| !is_scalar(v)) {
            text_item(out, non_scalar, identifier, None);
        }
    } else {
        text_scalars(out, &list.iter().collect::<Vec<_>>(), identifier);
    }
}

fn text_scalars(out: &mut String, items: &[&Json], identifier: Option<&str>) {
    match identifier {
        Some(id) => {
            for item in items {
                out.push_str(&format!("{}\t{}\n", id.to_uppercase(), py_str(item)));
            }
        }
        None => {
            let cells: Vec<String> = items.iter().map(|v| py_str(v)).collect();
            out.push_str(&cells.join("\t"));
            out.push('\n');
        }
    }
}

fn text_dict(
    out: &mut String,
    map: &Map<String, Json>,
    identifier: Option<&str>,
    scalar_keys: Option<&[String]>,
) {
    let mut scalars: Vec<String> = Vec::new();
    let mut non_scalars: Vec<(&String, &Json)> = Vec::new();
    match scalar_keys {
        None => {
            let mut entries: Vec<(&String, &Json)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            for (k, v) in entries {
                if is_scalar(v) {
                    scalars.push(py_str(v));
                } else {
                    non_scalars.push((k, v));
                }
            }
        }
        Some(keys) => {
            for key in keys {
                scalars.push(map.get(key).map(py_str).unwrap_or_default());
            }
            let mut rest: Vec<(&String, &Json)> =
                map.iter().filter(|(k, _)| !keys.contains(k)).collect();
            rest.sort_by(|a, b| a.0.cmp(b.0));
            non_scalars = rest;
        }
    }
    if !scalars.is_empty() {
        if let Some(id) = identifier {
            scalars.insert(0, id.to_uppercase());
        }
        out.push_str(&scalars.join("\t"));
        out.push('\n');
    }
    for (key, value) in non_scalars {
        text_item(out, value, Some(key), None);
    }
}

/// `--output table`: awscli's table.py, without colour.
pub fn table(out: &mut String, title: &str, doc: &Json, terminal_width: usize) {
    let mut t = MultiTable::default();
    if t.build(Some(title), doc, 0) {
        t.render(out, terminal_width);
    }
}

#[derive(Default, Clone)]
struct Section {
    title: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    indent: usize,
    max_widths: Vec<usize>,
}

fn width_of(text: &str) -> usize {
    text.chars().count()
}

impl Section {
    fn update_widths(&mut self, row: &[String]) {
        if self.max_widths.is_empty() {
            self.max_widths = row.iter().map(|c| width_of(c)).collect();
        } else {
            for (i, c) in row.iter().enumerate() {
                if let Some(w) = self.max_widths.get_mut(i) {
                    *w = (*w).max(width_of(c));
                }
            }
        }
    }

    fn add_header(&mut self, headers: Vec<String>) {
        self.update_widths(&headers);
        self.headers = headers;
    }

    fn add_row(&mut self, row: Vec<String>) {
        self.update_widths(&row);
        self.rows.push(row);
    }

    fn column_widths(&self, padding: usize, max_width: Option<usize>) -> Vec<usize> {
        let unscaled: Vec<usize> = self.max_widths.iter().map(|w| w + padding).collect();
        let Some(max_width) = max_width else {
            return unscaled;
        };
        let total: usize = unscaled.iter().sum();
        if unscaled.is_empty() || total == 0 {
            return unscaled;
        }
        let scale = max_width as f64 / total as f64;
        // Python's round(): halves to even.
        let mut scaled: Vec<i64> = unscaled
            .iter()
            .map(|w| (scale * *w as f64).round_ties_even() as i64)
            .collect();
        let mut off_by: i64 = scaled.iter().sum::<i64>() - max_width as i64;
        while off_by != 0 {
            let order: Vec<usize> = if off_by < 0 {
                (0..scaled.len()).rev().collect()
            } else {
                (0..scaled.len()).collect()
            };
            for i in order {
                if off_by > 0 {
                    scaled[i] -= 1;
                    off_by -= 1;
                } else {
                    scaled[i] += 1;
                    off_by += 1;
                }
                if off_by == 0 {
                    break;
                }
            }
        }
        scaled.into_iter().map(|w| w.max(0) as usize).collect()
    }

    fn total_width(&self, padding: usize, outer: usize) -> usize {
        let total: usize = self
            .column_widths(0, None)
            .iter()
            .map(|w| w + padding)
            .sum::<usize>()
            + 2
            + 2 * outer;
        total.max(width_of(&self.title) + 2 + 2 * outer)
    }
}

#[derive(Default)]
struct MultiTable {
    sections: Vec<Section>,
}

impl MultiTable {
    fn current(&mut self) -> &mut Section {
        if self.sections.is_empty() {
            self.sections.push(Section::default());
        }
        self.sections.last_mut().expect("one section at least")
    }

    fn new_section(&mut self, title: &str, indent: usize) {
        self.sections.push(Section {
            title: title.to_owned(),
            indent,
            ..Section::default()
        });
    }

    fn build(&mut self, title: Option<&str>, doc: &Json, indent: usize) -> bool {
        let empty = match doc {
            Json::Null => true,
            Json::Bool(b) => !b,
            Json::String(s) => s.is_empty(),
            Json::Array(a) => a.is_empty(),
            Json::Object(o) => o.is_empty(),
            Json::Number(n) => n.as_f64() == Some(0.0),
        };
        if empty {
            return false;
        }
        if let Some(title) = title {
            self.new_section(title, indent);
        }
        match doc {
            Json::Array(list) => {
                if list[0].is_object() {
                    self.build_list(list, indent, title);
                } else {
                    for item in list {
                        match item {
                            Json::Array(inner) if inner.iter().all(is_scalar) => {
                                self.current().add_row(inner.iter().map(py_str).collect())
                            }
                            item if is_scalar(item) => self.current().add_row(vec![py_str(item)]),
                            item => {
                                self.build(None, item, 0);
                            }
                        }
                    }
                }
            }
            Json::Object(map) => self.build_dict(map, indent),
            _ => {}
        }
        true
    }

    fn build_dict(&mut self, map: &Map<String, Json>, indent: usize) {
        let (headers, more) = group_keys(map);
        if headers.len() == 1 {
            let h = headers[0].clone();
            let v = py_str(&map[&h]);
            self.current().add_row(vec![h, v]);
        } else if !headers.is_empty() {
            let row = headers.iter().map(|h| py_str(&map[h])).collect();
            self.current().add_header(headers);
            self.current().add_row(row);
        }
        for key in more {
            self.build(Some(&key), &map[&key], indent + 1);
        }
    }

    fn build_list(&mut self, list: &[Json], indent: usize, title: Option<&str>) {
        let mut headers: Vec<String> = Vec::new();
        let mut more: Vec<String> = Vec::new();
        for item in list.iter().filter_map(Json::as_object) {
            let (h, m) = group_keys(item);
            headers.extend(h);
            more.extend(m);
        }
        headers.sort();
        headers.dedup();
        more.sort();
        more.dedup();
        self.current().add_header(headers.clone());
        for (i, element) in list.iter().enumerate() {
            let Some(element) = element.as_object() else {
                continue;
            };
            if i > 0 && !more.is_empty() {
                self.new_section(title.unwrap_or(""), indent);
                self.current().add_header(headers.clone());
            }
            let row = headers
                .iter()
                .map(|h| element.get(h).map(py_str).unwrap_or_default())
                .collect();
            self.current().add_row(row);
            for key in &more {
                if let Some(value) = element.get(key) {
                    self.build(Some(key), value, indent + 1);
                }
            }
        }
    }

    fn max_width(&self) -> usize {
        self.sections
            .iter()
            .map(|s| s.total_width(4, s.indent))
            .max()
            .unwrap_or(0)
    }

    fn render(&mut self, out: &mut String, terminal_width: usize) {
        let mut max_width = self.max_width();
        if max_width > terminal_width {
            // Sections of one row turn vertical: header | value.
            for s in &mut self.sections {
                if s.rows.len() == 1 && !s.headers.is_empty() {
                    let mut vertical = Section {
                        title: s.title.clone(),
                        indent: s.indent,
                        ..Section::default()
                    };
                    for (h, v) in s.headers.iter().zip(&s.rows[0]) {
                        vertical.add_row(vec![h.clone(), v.clone()]);
                    }
                    *s = vertical;
                }
            }
            max_width = self.max_width();
        }
        out.push_str(&"-".repeat(max_width));
        out.push('\n');
        for s in &self.sections {
            render_section(out, s, max_width);
        }
    }
}

fn group_keys(map: &Map<String, Json>) -> (Vec<String>, Vec<String>) {
    let mut headers: Vec<String> = map
        .iter()
        .filter(|(_, v)| is_scalar(v))
        .map(|(k, _)| k.clone())
        .collect();
    let mut more: Vec<String> = map
        .iter()
        .filter(|(_, v)| !is_scalar(v))
        .map(|(k, _)| k.clone())
        .collect();
    headers.sort();
    more.sort();
    (headers, more)
}

/// One line of a section, with the indentation bars on both sides.
fn line(out: &mut String, indent: usize, text: &str) {
    let bars = "|".repeat(indent);
    out.push_str(&bars);
    out.push_str(text);
    out.push_str(&bars);
    out.push('\n');
}

fn center(text: &str, length: usize, left: &str, right: &str) -> String {
    // Signed, as Python computes it: a negative start prints no spaces but
    // still counts.
    let text_len = width_of(text) as i64;
    let start = (length / 2) as i64 - text_len / 2 - 1;
    let so_far = width_of(left) as i64 + start + text_len;
    let right_spaces = length as i64 - width_of(right) as i64 - so_far;
    let spaces = |n: i64| " ".repeat(n.max(0) as usize);
    format!(
        "{left}{}{text}{}{right}",
        spaces(start),
        spaces(right_spaces)
    )
}

fn align_left(text: &str, length: usize, left: &str, right: &str) -> String {
    let text_len = width_of(text);
    let padding = if length >= text_len + 2 + width_of(left) + width_of(right) {
        2
    } else {
        0
    };
    let so_far = width_of(left) + padding + text_len;
    let fill = length.saturating_sub(so_far + width_of(right));
    format!(
        "{left}{}{text}{}{right}",
        " ".repeat(padding),
        " ".repeat(fill)
    )
}

fn line_break(widths: &[usize]) -> String {
    let mut s = String::new();
    for (i, w) in widths.iter().enumerate() {
        if i == 0 {
            s.push_str(&format!("+{}+", "-".repeat(w.saturating_sub(2))));
        } else {
            s.push_str(&format!("{}+", "-".repeat(w.saturating_sub(1))));
        }
    }
    s
}

fn render_section(out: &mut String, s: &Section, max_width: usize) {
    let width = max_width.saturating_sub(s.indent * 2);
    if !s.title.is_empty() {
        line(out, s.indent, &center(&s.title, width, "|", "|"));
        if s.headers.is_empty() && s.rows.is_empty() {
            line(
                out,
                s.indent,
                &format!("+{}+", "-".repeat(width.saturating_sub(2))),
            );
        }
    }
    if !s.headers.is_empty() {
        let widths = s.column_widths(4, Some(width));
        line(out, s.indent, &line_break(&widths));
        let mut current = String::new();
        for (i, (w, h)) in widths.iter().zip(&s.headers).enumerate() {
            current.push_str(&center(h, *w, if i == 0 { "|" } else { "" }, "|"));
        }
        line(out, s.indent, &current);
    }
    if !s.rows.is_empty() {
        let widths = s.column_widths(4, Some(width));
        if widths.is_empty() {
            return;
        }
        line(out, s.indent, &line_break(&widths));
        for row in &s.rows {
            let mut current = String::new();
            for (i, (w, cell)) in widths.iter().zip(row).enumerate() {
                current.push_str(&align_left(cell, *w, if i == 0 { "|" } else { "" }, "|"));
            }
            line(out, s.indent, &current);
        }
        line(out, s.indent, &line_break(&widths));
    }
}
