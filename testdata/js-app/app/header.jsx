import React from "react";
import { missing } from "./does-not-exist";

export function Header() {
  return <h1>{missing}</h1>;
}
