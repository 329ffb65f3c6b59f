const { Schema } = require('mongoose');

// A subdocument schema in a file of its own, required by user.js (which
// planner reads first).
const zoneShape = new Schema(
  { manager: { type: Schema.Types.ObjectId, ref: 'Company' } },
  { _id: false }
);

module.exports = { zoneShape };
