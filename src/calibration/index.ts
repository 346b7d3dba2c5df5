// Calibration's public surface (re-exported by src/index.ts): thresholds and λ picked from data.

export type {
  CalibrateDataInput,
  CalibrateInput,
  CalibrateLambdaCascadeInput,
  CalibrateLambdaData,
  CalibrateLambdaDataInput,
  CalibrateLambdaInput,
  Calibration,
  CalibrationData,
  CalibrationExample,
  CalibrationTarget,
  CalibrationTierModels,
  CascadeLambdaCalibration,
  CascadeToCalibrate,
  ClassifierCalibration,
  DataLambdaCalibration,
  LambdaCalibration,
  LambdaCalibrationData,
  LambdaCalibrationExample,
  LambdaCalibrationOutcome,
  LambdaTarget,
  TierCosts,
  TierOutcomes,
} from './calibrate.js';
export { calibrate, calibrateLambda, LAMBDA_GRID } from './calibrate.js';
