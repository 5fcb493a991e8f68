/**
 * +CMS ERROR codes (3GPP TS 27.005 §3.2.5, SMS). Source: ModemManager `MMMessageError` via
 * at-knowledge.md §2.3.
 */
export const CMS_ERRORS: readonly (readonly [number, string])[] = [
  [300, 'ME failure'],
  [301, 'SMS service reserved'],
  [302, 'Operation not allowed'],
  [303, 'Operation not supported'],
  [304, 'Invalid PDU mode parameter'],
  [305, 'Invalid text mode parameter'],
  [310, 'SIM not inserted'],
  [311, 'SIM PIN required'],
  [312, 'PH-SIM PIN required'],
  [313, 'SIM failure'],
  [314, 'SIM busy'],
  [315, 'SIM wrong'],
  [316, 'SIM PUK required'],
  [317, 'SIM PIN2 required'],
  [318, 'SIM PUK2 required'],
  [320, 'Memory failure'],
  [321, 'Invalid index'],
  [322, 'Memory full'],
  [330, 'SMSC address unknown'],
  [331, 'No network'],
  [332, 'Network timeout'],
  [340, 'No CNMA Acknowledgement expected'],
  [500, 'Unknown error'],
];

export const CMS_SOURCE = '3GPP TS 27.005 §3.2.5 via ModemManager MMMessageError (at-knowledge.md §2.3)';
