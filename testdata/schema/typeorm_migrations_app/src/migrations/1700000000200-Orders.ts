import { MigrationInterface, QueryRunner, Table, TableColumn, TableForeignKey } from 'typeorm';

// Runs second (timestamp 1700000000200) although its file sorts first by name.
export class Orders1700000000200 implements MigrationInterface {
  public async up(queryRunner: QueryRunner): Promise<void> {
    const orders = new Table({
      name: 'orders',
      columns: [
        { name: 'id', type: 'int', isPrimary: true, isGenerated: true },
        { name: 'customer_id', type: 'int' },
        { name: 'tmp', type: 'int', isNullable: true },
      ],
      foreignKeys: [
        { columnNames: ['customer_id'], referencedTableName: 'customers', referencedColumnNames: ['id'] },
      ],
    });
    await queryRunner.createTable(orders, true);
    await queryRunner.dropColumn('orders', 'tmp');
    await queryRunner.addColumn('orders', new TableColumn({ name: 'coupon_code', type: 'varchar', isNullable: true }));
    await queryRunner.createForeignKey(
      'orders',
      new TableForeignKey({ name: 'fk_orders_coupon', columnNames: ['coupon_code'], referencedTableName: 'coupons', referencedColumnNames: ['code'] }),
    );
    await queryRunner.renameTable('customers', 'clients');
    await queryRunner.renameColumn('orders', 'customer_id', 'client_id');
    await queryRunner.dropTable('scratch');
    const table = await queryRunner.getTable(process.env.TABLE as string);
    await queryRunner.query(`DELETE FROM ${table?.name}`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('orders');
    await queryRunner.renameTable('clients', 'customers');
  }
}
