import { All, Body, Controller, Get, Param, Post, Query, Version } from '@nestjs/common';
import { EXPORT_PATH } from './paths';

const USERS = 'users';

@Controller(USERS)
export class UsersController {
  @Get()
  list(@Query('page') page: number) {
    return [];
  }

  @Get(':id')
  @Version('2')
  show(@Param('id') id: string) {
    return id;
  }

  @Post(['invite', `bulk/${USERS}`])
  invite(
    @Body() body: unknown,
  ) {
    return body;
  }

  @Get(EXPORT_PATH)
  exportAll() {
    return [];
  }

  @All('legacy/*path')
  legacy() {}
}
