export abstract class BaseTask {
  abstract perform(): Promise<void>;
}
