ActiveSupport::Inflector.inflections(:en) do |inflect|
  inflect.acronym "API"
end
