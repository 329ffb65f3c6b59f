import { Controller, Get } from '@nestjs/common';

@Controller('jobs')
export class OpsController {
  @Get()
  list() {}
}
