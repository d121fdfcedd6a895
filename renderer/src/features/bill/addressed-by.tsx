/** The rule or advice that addresses an owner: "Rule WH023 · …" or "Advice (see WH028) · …". */
import type { BillAddress } from '../../../../shared/api/bill';

export function AddressedBy({ address }: { address: BillAddress }) {
  const head =
    address.type === 'rule'
      ? `Rule ${address.ruleId ?? ''}`.trim()
      : address.ruleId
        ? `Advice (see ${address.ruleId})`
        : 'Advice';
  return (
    <span className={`bill-address ${address.type}`} data-testid="bill-addressed-by" data-type={address.type}>
      <span className="badge">{head}</span> {address.text}
    </span>
  );
}
