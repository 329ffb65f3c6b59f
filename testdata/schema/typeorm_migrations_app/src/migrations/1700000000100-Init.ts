import { MigrationInterface, QueryRunner, Table } from 'typeorm';

export class Init1700000000100 implements MigrationInterface {
  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE customers (id serial PRIMARY KEY, email varchar NOT NULL UNIQUE)`);
    await queryRunner.query(`CREATE TABLE scratch (id int)`);
    await queryRunner.createTable(
      new Table({
        name: 'coupons',
        columns: [{ name: 'code', type: 'varchar', isPrimary: true }],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('coupons');
  }
}
