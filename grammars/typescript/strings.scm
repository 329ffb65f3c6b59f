; String and template literals, for SQL embedded in code.
(string) @string
(template_string) @string
