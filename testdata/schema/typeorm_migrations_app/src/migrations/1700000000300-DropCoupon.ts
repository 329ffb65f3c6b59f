import { MigrationInterface, QueryRunner } from 'typeorm';

export class DropCoupon1700000000300 implements MigrationInterface {
  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropForeignKey('orders', 'fk_orders_coupon');
  }

  public async down(): Promise<void> {}
}
