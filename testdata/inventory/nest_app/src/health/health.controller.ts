import { Controller, Get, Head, VERSION_NEUTRAL } from '@nestjs/common';

@Controller({ path: 'health', version: VERSION_NEUTRAL })
export class HealthController {
  @Get()
  check() {
    return 'ok';
  }

  @Head('deep')
  deep() {}
}

@Controller()
export class StatusController {
  @Get('status')
  status() {}

  @Post('status')
  touch() {}
}
