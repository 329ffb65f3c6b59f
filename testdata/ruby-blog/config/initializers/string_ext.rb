# Reopens a core class: references to String elsewhere are not about this file.
class String
  def shout
    upcase
  end
end
