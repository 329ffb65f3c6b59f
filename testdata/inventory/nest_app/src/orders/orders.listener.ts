import { Injectable } from '@nestjs/common';
import { OnEvent, EventEmitter2 } from '@nestjs/event-emitter';
import { EventPattern, MessagePattern, Transport } from '@nestjs/microservices';
import { ORDER_EVENTS } from './events';

@Injectable()
export class OrdersListener {
  constructor(private readonly eventEmitter: EventEmitter2) {}

  @OnEvent('order.created')
  created() {
    this.eventEmitter.emit('order.confirmed', {});
  }

  @OnEvent(['order.paid', 'order.shipped'])
  settled() {}

  @OnEvent(ORDER_EVENTS.CANCELLED)
  cancelled() {}

  @EventPattern('invoice.issued', Transport.KAFKA)
  invoiced() {}

  @MessagePattern({ cmd: 'sum' })
  sum() {}
}
