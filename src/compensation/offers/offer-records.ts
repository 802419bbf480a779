import { EntityManager } from 'typeorm';
import { Caller } from '../../auth/caller';
import { visibleTo } from '../../auth/scope';
import { Application } from '../../candidates/application.entity';
import { AppError } from '../../common/errors/app-error';
import { requisitionScope } from '../../requisitions/requisition-scope';
import { Offer } from './offer.entity';

/** Offers are seen through their application's requisition: hiring managers on its team only. */
const APPLICATION_SCOPE = requisitionScope('requisition_id');

/** The application if the caller may see it; 404 otherwise, so its existence is not revealed. */
export async function findVisibleApplication(
  manager: EntityManager,
  caller: Caller,
  id: string,
): Promise<Application> {
  const qb = manager.createQueryBuilder(Application, 'a').where('a.id = :id', { id });
  const row = await visibleTo(qb, 'a', caller, APPLICATION_SCOPE).getOne();
  if (!row) throw new AppError('APPLICATION_NOT_FOUND', 'No such application');
  return row;
}

/** Offers joined to their applications and restricted to what the caller may see. */
export function visibleOffers(manager: EntityManager, caller: Caller) {
  const qb = manager
    .createQueryBuilder(Offer, 'o')
    .innerJoin(Application, 'a', 'a.id = o.application_id');
  return visibleTo(qb, 'a', caller, APPLICATION_SCOPE);
}

/** The offer if visible, locked FOR UPDATE when asked (of offers only); 404 otherwise. */
export async function findVisibleOffer(
  manager: EntityManager,
  caller: Caller,
  id: string,
  lock = false,
): Promise<Offer> {
  const qb = visibleOffers(manager, caller).andWhere('o.id = :id', { id });
  if (lock) qb.setLock('pessimistic_write', undefined, ['o']);
  const row = await qb.getOne();
  if (!row) throw new AppError('OFFER_NOT_FOUND', 'No such offer');
  return row;
}
