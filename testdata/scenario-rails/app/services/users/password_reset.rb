module Users
  class PasswordReset
    def self.start(email)
      user = User.find_by!(email: email)
      token = SecureRandom.urlsafe_base64(32)
      Notifications::Mailer.send_password_reset(user.email, token)
      token
    end
  end
end
