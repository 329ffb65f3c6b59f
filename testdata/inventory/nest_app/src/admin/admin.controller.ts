import { Controller, Delete, Patch } from '@nestjs/common';

@Controller({ path: ['admin', 'backoffice'], version: ['1', '2'] })
export class AdminController {
  @Delete('users/:id')
  remove() {}

  @Patch()
  update() {}
}
