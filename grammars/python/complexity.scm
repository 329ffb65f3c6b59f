; Decision points for a McCabe-style complexity count.
[
  (if_statement)
  (elif_clause)
  (for_statement)
  (while_statement)
  (except_clause)
  (with_statement)
  (boolean_operator)
  (conditional_expression)
  (list_comprehension)
  (dictionary_comprehension)
  (set_comprehension)
  (generator_expression)
  (case_clause)
] @branch
