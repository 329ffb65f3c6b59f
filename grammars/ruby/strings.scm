; String literals and heredocs, for SQL embedded in code.
(string) @string
(heredoc_body) @string
