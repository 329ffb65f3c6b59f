const mongoose = require('mongoose');

// A model fetched by name, not imported: a use of `users` all the same.
const User = mongoose.model('User');

module.exports = function countUsers() {
  return User.countDocuments();
};
