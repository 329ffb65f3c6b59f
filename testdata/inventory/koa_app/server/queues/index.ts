import { createQueue } from "./queue";

export const taskQueue = createQueue("tasks");
export const eventQueue = createQueue("events");
