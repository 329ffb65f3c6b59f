import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { User } from '../users/user.entity';
import { Invoice } from './invoice.entity';

export class BillingService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Invoice) private readonly invoices: Repository<Invoice>,
  ) {}

  async bill(userId: number) {
    const user = await this.users.findOneBy({ id: userId });
    return this.invoices.save({ customer: user, total: '0' });
  }
}
