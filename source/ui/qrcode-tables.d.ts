// The vendored QR encoder's tables that qr-encode.ts reads (block sizes, alignment positions,
// BCH codes of the format and version information), typed as far as it uses them.
declare module "qrcode-terminal/vendor/QRCode/QRRSBlock.js" {
  const QRRSBlock: {
    getRSBlocks(
      typeNumber: number,
      errorCorrectLevel: number,
    ): { totalCount: number; dataCount: number }[];
  };
  export default QRRSBlock;
}
declare module "qrcode-terminal/vendor/QRCode/QRUtil.js" {
  const QRUtil: {
    getPatternPosition(typeNumber: number): number[];
    getBCHTypeInfo(data: number): number;
    getBCHTypeNumber(data: number): number;
    getLengthInBits(mode: number, typeNumber: number): number;
  };
  export default QRUtil;
}
