const mongoose = require('mongoose');

const { Schema } = mongoose;
const { zoneShape } = require('./zones');

// A user: nested address refs, timestamps, no version key.
const UserSchema = new Schema(
  {
    email: { type: String, required: true, unique: true },
    merchant: { type: Schema.Types.ObjectId, ref: 'Merchant', default: null },
    profile: {
      avatar: String,
      company: { type: Schema.Types.ObjectId, ref: 'Company' },
    },
    home: zoneShape,
  },
  { timestamps: true, versionKey: false }
);

module.exports = mongoose.model('User', UserSchema);
