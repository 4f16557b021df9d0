/*
| The payments module's routes: each part in its own file.
*/

/* a master's income and payout requests */
import '#payments/routes_income'

/* the admins' payout queue */
import '#payments/routes_payouts_admin'
