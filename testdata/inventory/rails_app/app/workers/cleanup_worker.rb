class CleanupWorker
  include Sidekiq::Worker
  sidekiq_options queue: "low"

  def perform; end
end
