import React from "react";
import { Button } from "@acme/ui";
import { slugify } from "@server/utils";
import { Header } from "~/header";

export function Main() {
  return <Button label={slugify("Hi")}><Header /></Button>;
}
