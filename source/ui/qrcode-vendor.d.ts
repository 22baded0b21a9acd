// qrcode-terminal ships its QR encoder (Kazuhiko Arase's) without types; we use only this much.
declare module "qrcode-terminal/vendor/QRCode/index.js" {
  class QRCode {
    constructor(typeNumber: number, errorCorrectLevel: number);
    addData(data: string): void;
    make(): void;
    getModuleCount(): number;
    isDark(row: number, col: number): boolean;
  }
  export default QRCode;
}
