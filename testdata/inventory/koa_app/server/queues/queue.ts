import Queue from "bull";

export function createQueue(name: string) {
  return new Queue(name);
}
