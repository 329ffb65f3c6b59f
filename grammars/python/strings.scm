; String literals, for SQL embedded in code (raw queries). Only strings that
; start with a SQL keyword are kept (src/code/sql.rs).
(string) @string
