/**
 * Passwords of 8 characters or more that top the public breach lists, in China and elsewhere
 * (shorter ones fail the length rule anyway). Compared lower-cased. A list rather than
 * composition rules, as NIST SP 800-63B advises: "Passw0rd!" is refused for being common, not for
 * lacking a symbol.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  `
12345678 123456789 1234567890 12345678910 11111111 00000000 88888888 66666666 99999999 11223344
12341234 12344321 123123123 123321123 111222333 123654789 147258369 147852369 159753456 789456123
741852963 987654321 9876543210 11112222 12121212 10203040 31415926 3.1415926 1314520520 5201314520
52013141314 woaini1314 woaini520 woaini123 5201314a iloveyou iloveyou1 iloveyou2 password password1
password12 password123 password! passw0rd p@ssword p@ssw0rd p@55w0rd passwd123 pass1234 qwerty123
qwertyui qwertyuiop qwer1234 1qaz2wsx 1qaz2wsx3edc 1q2w3e4r 1q2w3e4r5t 1q2w3e4r5t6y q1w2e3r4 q1w2e3r4t5
qwe12345 qwe123456 qweasdzxc qazwsxedc 123qweasd 123qweasdzxc 1234qwer asdf1234 asdfasdf asdfghjk
asdfghjkl zxcvbnm1 zxcvbnm123 zxcvbnm, abcd1234 abc12345 abc123456 abcd12345 a1234567 a12345678
a123456789 aa123456 aa12345678 aaaaaaaa abcdefgh abcdefg1 123456abc 123456aa 12345abc admin123 admin1234
admin888 administrator root1234 test1234 testtest welcome1 welcome123 letmein1 changeme changeme1
secret123 sunshine princess football baseball superman trustno1 starwars whatever computer internet
jennifer michael1 master123 monkey123 dragon12 shadow12 iloveyou! qwertyuio zaq12wsx !qaz2wsx
1qazxsw2 xiaoming wangyang zhang123 li123456 wang1234 liu123456 chen123456 huang123 zhanghao
woaini11 aini1314 88888888a 66668888 168168168 518518518 888888888 666666666 123456789a a5201314
`
    .trim()
    .split(/\s+/),
);

export function isCommonPassword(password: string): boolean {
  return COMMON_PASSWORDS.has(password.normalize("NFKC").toLowerCase());
}
