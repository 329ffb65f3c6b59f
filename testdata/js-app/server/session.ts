import { type User } from "./models/user";

export type Session = { user: User };
