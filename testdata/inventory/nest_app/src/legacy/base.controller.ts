import { Get } from '@nestjs/common';

export abstract class BaseController {
  @Get('ping')
  ping() {}
}
