// A plugin test builds throwaway models: they are not the app's schema.
const mongoose = require("mongoose");

const projectSchema = new mongoose.Schema({ name: String });
const Project = mongoose.model("Project", projectSchema);
const taskSchema = new mongoose.Schema({
  project: { type: mongoose.Schema.Types.ObjectId, ref: "Project" },
});
const Task = mongoose.model("Task", taskSchema);

module.exports = { Project, Task };
