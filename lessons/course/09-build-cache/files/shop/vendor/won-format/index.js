// 12000 → "12,000원"
module.exports = function formatWon(amount) {
  return `${Math.round(amount).toLocaleString('ko-KR')}원`
}
