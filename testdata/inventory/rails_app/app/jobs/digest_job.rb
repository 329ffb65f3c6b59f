class DigestJob < ApplicationJob
  queue_as :mailers

  def perform(user)
    user
  end
end
