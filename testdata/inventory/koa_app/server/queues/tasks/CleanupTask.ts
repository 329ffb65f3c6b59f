import { BaseTask } from "./BaseTask";

export default class CleanupTask extends BaseTask {
  static applicableEvents = ["documents.delete", "users.delete"];

  async perform() {}
}
